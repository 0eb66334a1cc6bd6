/**
 * Finds the test runner inside a command (`pytest`, `python -m pytest`, `npx vitest run`,
 * `jest`, ...) so arguments can be added after it, and guesses the framework from it.
 */
import type { TestFramework } from './config.js';

/** A command split at its launcher: `head` runs the framework, `rest` are the user's arguments. */
export interface LauncherSplit {
  readonly framework: TestFramework;
  readonly head: readonly string[];
  readonly rest: readonly string[];
}

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

function frameworkOfWord(word: string): TestFramework | null {
  const name = basename(word).replace(/\.(c|m)?js$/, '');
  if (name === 'pytest' || name === 'py.test') return 'pytest';
  if (name === 'vitest') return 'vitest';
  if (name === 'jest') return 'jest';
  return null;
}

/**
 * Splits `words` after the launcher of `framework` (or of any known framework when null).
 * Returns null when the command does not name one (a wrapper such as `make smoke`).
 */
export function splitAtLauncher(words: readonly string[], framework: TestFramework | null): LauncherSplit | null {
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    let found = frameworkOfWord(word);
    let end = i + 1;
    if (found === null && word === '-m' && i + 1 < words.length && words[i + 1] === 'pytest') {
      found = 'pytest';
      end = i + 2;
    }
    if (found === null || (framework !== null && found !== framework)) continue;
    // `vitest run` / `vitest watch`: the subcommand belongs to the launcher.
    if (found === 'vitest' && ['run', 'watch', 'related', 'bench'].includes(words[end] ?? '')) end++;
    return { framework: found, head: words.slice(0, end), rest: words.slice(end) };
  }
  return null;
}

/** The framework a command runs, or null when it does not say. */
export function detectFramework(words: readonly string[]): TestFramework | null {
  return splitAtLauncher(words, null)?.framework ?? null;
}
