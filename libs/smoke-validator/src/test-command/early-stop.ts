/**
 * Did a full run stop before the end of the suite? pytest `--maxfail=N` / `-x` / `--exitfirst`,
 * vitest `--bail`, jest `--bail` / `-b` stop after some failures and leave the rest unrun; the
 * runner then runs the command again without the tests that failed (see `exclusionsAfter`).
 * Read from the run's own output, so an option set in a config file (pytest.ini `addopts`,
 * vitest/jest config `bail`) counts too.
 */
import type { SmokeResult } from '../smoke-result.js';
import type { TestFramework } from './config.js';
import { fileOfNodeid } from './nodeid.js';
import { splitNodeNodeid } from './node-test-args.js';

// eslint-disable-next-line no-control-regex -- terminal colour codes in the summary lines
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

// pytest's terminal summary after --maxfail / -x: `!!!!!!! stopping after 3 failures !!!!!!!`.
const PYTEST_STOPPED = /^!+ stopping after \d+ failures? !+$/m;
// jest's summary names the files it did not get to: `Test Suites: 1 failed, 1 of 3 total`.
const JEST_STOPPED = /^Test Suites:.*?\b(\d+) of (\d+) total/m;
// vitest's summary counts files and tests by state; after a bail the counts of one of them add up
// to less than its total: `Test Files  1 failed | 1 passed (3)`, `Tests  3 failed | 1 passed (6)`.
const VITEST_COUNTS = /^\s*(Test Files|Tests)\s+(.*?)\s*\((\d+)\)\s*$/gm;

/** What telling an early stop needs. */
export interface EarlyStopInput {
  readonly framework: TestFramework;
  /** The run's output (its log), or null when there is none. */
  readonly log: string | null;
  /** The command's words (with `extraArgs`): the stop options a silenced summary leaves. */
  readonly words: readonly string[];
  /** Failed and errored test cases the run reported. */
  readonly failing: number;
}

/** True when the run stopped after failures with tests still to run. */
export function stoppedEarly(input: EarlyStopInput): boolean {
  const log = input.log?.includes('\u001b[') ? input.log.replace(ANSI, '') : input.log;
  if (input.framework === 'pytest') {
    if (log !== null && PYTEST_STOPPED.test(log)) return true;
    // No terminal summary (`-p no:terminal`): reaching the command's own bound means it stopped.
    const bound = pytestMaxfail(input.words);
    return bound !== null && input.failing >= bound;
  }
  if (log === null) return false;
  if (input.framework === 'jest') {
    const match = JEST_STOPPED.exec(log);
    return match !== null && Number(match[1]) < Number(match[2]);
  }
  return [...log.matchAll(VITEST_COUNTS)].some((line) => {
    const counted = [...line[2]!.matchAll(/(\d+) [a-z]+/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    return counted < Number(line[3]);
  });
}

/** The `--maxfail` bound in pytest words (`-x` / `--exitfirst`: 1), or null without one. */
export function pytestMaxfail(words: readonly string[]): number | null {
  let bound: number | null = null;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === '-x' || word === '--exitfirst') bound = 1;
    else if (word.startsWith('--maxfail=')) bound = Number(word.slice('--maxfail='.length));
    else if (word === '--maxfail' && i + 1 < words.length) bound = Number(words[++i]);
  }
  // --maxfail=0 means no bound.
  return bound !== null && Number.isInteger(bound) && bound > 0 ? bound : null;
}

/**
 * What the next extra run leaves out, given every run so far (first-seen order, so the commands
 * are stable): pytest and vitest, each test that failed (its nodeid); jest, whose bail stops
 * between files, every test file that ran to its end. vitest nodeids without a test name (a file
 * that failed to load) cannot be named in `-t` and are left in.
 */
export function exclusionsAfter(framework: TestFramework, results: readonly SmokeResult[]): string[] {
  const out = new Set<string>();
  for (const result of results) {
    for (const scenario of result.scenarios) {
      if (framework === 'jest') out.add(fileOfNodeid(scenario.id));
      else if (
        scenario.status === 'failed' &&
        (framework === 'pytest' || splitNodeNodeid(scenario.id).names.length > 0)
      )
        out.add(scenario.id);
    }
  }
  return [...out];
}
