/**
 * pytest arguments of test-command mode: JUnit output, the ndsmoke exclusion, and the seed's
 * verbosity escalation (2nd attempt `--tb=short`; 3rd a focused rerun of one nodeid).
 */

/** The seed's focused rerun options (seed 004, step 5). */
export const PYTEST_FOCUSED_ARGS = ['-vv', '-l', '-s', '--tb=long', '--maxfail=1'] as const;

// Options whose value may follow as a separate word; needed to tell values from positionals.
const VALUE_OPTIONS = new Set([
  '-k',
  '-m',
  '-p',
  '-c',
  '-o',
  '-W',
  '-n',
  '-r',
  '--rootdir',
  '--ignore',
  '--ignore-glob',
  '--deselect',
  '--confcutdir',
  '--basetemp',
  '--junitxml',
  '--junit-xml',
  '--junit-prefix',
  '--log-level',
  '--log-file',
  '--log-cli-level',
  '--durations',
  '--maxfail',
  '--tb',
  '--import-mode',
  '--cov',
  '--cov-report',
  '--override-ini',
  '--config-file',
  '--capture',
  '--dist',
  '--numprocesses',
  '--timeout',
]);
// Selection and verbosity the focused rerun replaces with its own.
const FOCUS_DROPS = new Set([
  '-k',
  '-m',
  '--maxfail',
  '--tb',
  '--deselect',
  '--junitxml',
  '--junit-xml',
  '-x',
  '--exitfirst',
  '-q',
  '--quiet',
  '-v',
  '-vv',
  '-vvv',
  '--verbose',
  '-l',
  '--showlocals',
  '-s',
  '--lf',
  '--last-failed',
  '--ff',
  '--failed-first',
]);

function optionName(word: string): string {
  if (word.startsWith('--')) return word.split('=')[0]!;
  // Short options with an attached value (`-kexpr`, `-x`): the name is the first two chars,
  // except repeated verbosity (`-vv`, `-qq`).
  if (/^-([vq])\1+$/.test(word)) return word;
  return word.slice(0, 2);
}

function takesSeparateValue(word: string): boolean {
  return VALUE_OPTIONS.has(word) && !word.includes('=');
}

/** `--junitxml=PATH`. */
export function pytestJunitArgs(junitPath: string): string[] {
  return [`--junitxml=${junitPath}`];
}

/**
 * Excludes tests with `marker`: adds `-m "not MARKER"`, or rewrites the user's own `-m EXPR`
 * into `-m "(EXPR) and not MARKER"` (pytest keeps only the last -m).
 */
export function pytestExcludeMarker(args: readonly string[], marker: string): string[] {
  const out = [...args];
  for (let i = out.length - 1; i >= 0; i--) {
    const word = out[i]!;
    if (word === '-m' && i + 1 < out.length) {
      out[i + 1] = `(${out[i + 1]}) and not ${marker}`;
      return out;
    }
    if (word.startsWith('-m') && word.length > 2 && !word.startsWith('--')) {
      out[i] = `-m(${word.slice(2)}) and not ${marker}`;
      return out;
    }
  }
  return [...out, '-m', `not ${marker}`];
}

/**
 * The focused rerun: the user's options without their selection (paths, -k, -m, --maxfail)
 * and verbosity, then `-vv -l -s --tb=long --maxfail=1 <nodeid>`.
 */
export function pytestFocusArgs(userArgs: readonly string[], nodeid: string): string[] {
  const kept: string[] = [];
  for (let i = 0; i < userArgs.length; i++) {
    const word = userArgs[i]!;
    if (!word.startsWith('-') || word === '-') continue; // a positional: a path or nodeid
    const name = optionName(word);
    const value = takesSeparateValue(word) && i + 1 < userArgs.length ? userArgs[++i] : undefined;
    if (FOCUS_DROPS.has(name)) continue;
    kept.push(word, ...(value === undefined ? [] : [value]));
  }
  return [...kept, ...PYTEST_FOCUSED_ARGS, nodeid];
}

/** Escalation arguments of attempt 2 (`--tb=short`); none for attempt 1. */
export function pytestEscalationArgs(attempt: number): string[] {
  return attempt === 2 ? ['--tb=short'] : [];
}

/** Leaves `nodeids` out of a run (`--deselect <nodeid>` each): the extra runs after an early stop. */
export function pytestDeselectArgs(nodeids: readonly string[]): string[] {
  return nodeids.flatMap((nodeid) => ['--deselect', nodeid]);
}
