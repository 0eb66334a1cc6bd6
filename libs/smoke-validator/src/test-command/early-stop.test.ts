// Telling an early stop from a run's output, and what the extra runs leave out (and how).
import { describe, expect, it } from 'vitest';
import type { ScenarioResult, SmokeResult } from '../smoke-result.js';
import { exclusionsAfter, pytestMaxfail, stoppedEarly } from './early-stop.js';
import { planTestCommand } from './plan-command.js';
import { resolveTestCommandConfig } from './resolve-config.js';

const pytest = (log: string | null, words: string[] = [], failing = 0) =>
  stoppedEarly({ framework: 'pytest', log, words, failing });

describe('stoppedEarly', () => {
  it(`pytest: its "stopping after N failures" line (-x, --maxfail, or addopts), else the command's own bound \
reached`, () => {
    expect(
      pytest(
        'FAILED a\n!!!!!!!!!!!!!!!!!!!!!!!!!! stopping after 3 failures !!!!!!!!!!!!!!!!!!!!!!!!!!!\n' +
          '3 failed, 1 passed in 0.2s',
      ),
    ).toBe(true);
    expect(pytest('!!!!!!!!!!!!!!!!!! stopping after 1 failures !!!!!!!!!!!!!!!!!!\n')).toBe(true);
    expect(pytest('5 failed, 3 passed in 0.16s\n', ['pytest', '--maxfail=3'], 5)).toBe(true);
    expect(pytest('', ['pytest', '-x'], 1)).toBe(true);
    expect(pytest('', ['pytest', '--maxfail=3'], 2)).toBe(false);
    expect(pytest('', ['pytest'], 9)).toBe(false);
    // A test that prints the phrase is not pytest's summary line.
    expect(pytest('captured: we are stopping after 2 failures\n1 failed')).toBe(false);
    expect(pytestMaxfail(['--maxfail', '4'])).toBe(4);
    expect(pytestMaxfail(['--exitfirst'])).toBe(1);
    expect(pytestMaxfail(['--maxfail=0'])).toBeNull();
  });

  it('jest: "Test Suites: … N of M total" (its bail stops between files)', () => {
    const jest = (log: string) => stoppedEarly({ framework: 'jest', log, words: [], failing: 1 });
    expect(jest('Test Suites: 1 failed, 1 of 3 total\nTests:       1 failed, 1 passed, 2 total\n')).toBe(true);
    expect(jest('Test Suites: 1 failed, 2 passed, 3 total\nTests:       1 failed, 5 passed, 6 total\n')).toBe(false);
  });

  it("vitest: the summary's files or tests add up to less than their total (colour codes stripped)", () => {
    const vitest = (log: string) => stoppedEarly({ framework: 'vitest', log, words: [], failing: 2 });
    expect(vitest(' Test Files  2 failed (3)\n      Tests  3 failed | 1 passed (6)\n')).toBe(true);
    // A later run: the names left out are "skipped", but one file never started.
    expect(vitest(' Test Files  1 failed | 1 passed (3)\n      Tests  2 failed | 2 passed | 2 skipped (6)\n')).toBe(
      true,
    );
    expect(
      vitest(
        '\u001b[2m Test Files \u001b[22m \u001b[1m\u001b[31m1 failed\u001b[39m\u001b[22m\u001b[2m | ' +
          '\u001b[22m\u001b[1m\u001b[32m2 passed\u001b[39m\u001b[22m\u001b[90m (3)\u001b[39m\n',
      ),
    ).toBe(false);
    expect(vitest(' Test Files  1 failed | 2 passed (3)\n      Tests  2 failed | 4 passed (6)\n')).toBe(false);
    expect(stoppedEarly({ framework: 'vitest', log: null, words: ['--bail=1'], failing: 1 })).toBe(false);
  });
});

function scenario(id: string, status: 'passed' | 'failed'): ScenarioResult {
  return {
    id,
    endpoint: id,
    method: 'TEST',
    path: id,
    status,
    blockedBy: [],
    expectedStatus: null,
    actualStatus: null,
    durationMs: 1,
    requestId: null,
    notes: [],
  };
}
const results = (...runs: ScenarioResult[][]) => runs.map((scenarios) => ({ scenarios }) as SmokeResult);

describe('exclusionsAfter', () => {
  it('pytest and vitest: every failure so far, first seen first; jest: every file that ran', () => {
    const runs = results(
      [scenario('t.py::a', 'passed'), scenario('t.py::b', 'failed')],
      [scenario('t.py::a', 'passed'), scenario('u.py::c', 'failed')],
    );
    expect(exclusionsAfter('pytest', runs)).toEqual(['t.py::b', 'u.py::c']);
    const node = results(
      [scenario('a.test.js > one', 'failed'), scenario('a.test.js > two', 'passed'), scenario('b.test.js', 'failed')],
      [scenario('c.test.js > d > three', 'passed')],
    );
    // a file that failed to load has no name to leave out
    expect(exclusionsAfter('vitest', node)).toEqual(['a.test.js > one']);
    expect(exclusionsAfter('jest', node)).toEqual(['a.test.js', 'b.test.js', 'c.test.js']);
  });
});

describe('planning an extra run', () => {
  const plan = (config: Record<string, unknown>, exclude: string[], request = {}) =>
    planTestCommand(resolveTestCommandConfig({ cwd: '/p', ...config }), request, '/r/junit.xml', exclude);

  it("pytest: --deselect per nodeid after the attempt's options (also through PYTEST_ADDOPTS)", () => {
    expect(plan({}, ['tests/smoke/test_a.py::test_b[x y]'], { attempt: 2 }).display).toBe(
      'pytest -q tests/smoke -k smoke --maxfail=3 -rf --tb=short --deselect ' +
        "'tests/smoke/test_a.py::test_b[x y]' -m 'not ndsmoke' --junitxml=/r/junit.xml",
    );
    expect(plan({ command: 'make smoke', framework: 'pytest' }, ['t.py::a']).env['PYTEST_ADDOPTS']).toBe(
      "--deselect t.py::a -m 'not ndsmoke' --junitxml=/r/junit.xml",
    );
  });

  it('vitest: the failed full names join the ndsmoke exclusion in one -t pattern', () => {
    const p = plan({ command: ['vitest', 'run', '--bail=2'] }, ['a.test.js > one', 'a.test.js > d > two (x)']);
    expect(p.command).toEqual([
      'vitest',
      'run',
      '--bail=2',
      '-t',
      '^(?!(?:one|d two \\(x\\))$)(?!.*\\[ndsmoke\\]).*$',
      '--reporter=default',
      '--reporter=junit',
      '--outputFile.junit=/r/junit.xml',
    ]);
    expect(new RegExp(p.command[4]!).test('d two (x)')).toBe(false);
    expect(new RegExp(p.command[4]!).test('one more')).toBe(true);
    expect(plan({ command: ['vitest', 'run'], ndSmoke: true }, ['a.test.js > one']).command).toContain(
      '^(?!(?:one)$).*$',
    );
  });

  it("jest: the files that ran, as anchored absolute paths after jest's default /node_modules/", () => {
    const p = plan({ command: ['jest', '--bail'] }, ['src/a.test.js']);
    expect(p.command).toEqual(
      expect.arrayContaining([
        '--testPathIgnorePatterns=/node_modules/',
        '--testPathIgnorePatterns=^/p/src/a\\.test\\.js$',
      ]),
    );
  });

  it('the focused rerun ignores exclusions', () => {
    const focused = plan({}, ['t.py::a'], { attempt: 3, nodeid: 't.py::b' });
    expect(focused.display).not.toContain('--deselect');
  });
});
