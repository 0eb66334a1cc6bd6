// Merging a run that stopped early with its extra runs.
import { describe, expect, it } from 'vitest';
import { type ScenarioResult, type SmokeResult, type Violation } from '../smoke-result.js';
import { mergeRunResults } from './merge-runs.js';

function run(outcomes: Record<string, 'passed' | 'failed'>, durationMs = 10): SmokeResult {
  const scenarios: ScenarioResult[] = Object.entries(outcomes).map(([id, status]) => ({
    id,
    endpoint: id,
    method: 'TEST',
    path: 'a.test.js',
    status,
    blockedBy: [],
    expectedStatus: null,
    actualStatus: null,
    durationMs: 1,
    requestId: null,
    notes: [],
  }));
  const violations: Violation[] = scenarios
    .filter((s) => s.status === 'failed')
    .map(
      (s) =>
        ({
          nodeid: s.id,
          endpoint: s.id,
          method: 'TEST',
          path: s.path,
          expectedStatus: null,
          actualStatus: null,
          kind: 'test_failure',
          message: `${s.id} failed`,
          responseExcerpt: '',
          requestId: null,
          traces: [],
          signature: {
            key: s.id,
            hash: s.id,
            exceptionType: 'AssertionError',
            file: null,
            line: null,
            function: null,
            message: '',
          },
          reproduce: `run ${s.id}`,
        }) as unknown as Violation,
    );
  return {
    scenariosTested: 0,
    scenariosPassed: 0,
    endpointsTested: 0,
    endpointsPassed: 0,
    passRate: 0,
    violations,
    stackTraces: [],
    serverLogPath: `/log-${durationMs}`,
    durationMs,
    blocked: 0,
    scenarios,
    endpoints: [],
    mode: 'test-command',
    target: `cmd-${durationMs}`,
    startedAt: 'then',
  };
}

describe('mergeRunResults', () => {
  it(`counts each test once; a test keeps the outcome of the latest run that ran it (vitest reports the tests a bail \
cut off as passed)`, () => {
    const first = run({ 'a > one': 'failed', 'a > two': 'passed', 'a > three': 'passed' }, 10);
    const second = run({ 'a > two': 'passed', 'a > three': 'failed', 'b > four': 'failed' }, 20);
    const third = run({ 'a > two': 'passed', 'b > five': 'passed' }, 30);
    const merged = mergeRunResults([first, second, third]);
    expect(merged.scenarios.map((s) => [s.id, s.status])).toEqual([
      ['a > one', 'failed'],
      ['a > two', 'passed'],
      ['a > three', 'failed'],
      ['b > four', 'failed'],
      ['b > five', 'passed'],
    ]);
    expect(merged.violations.map((v) => v.nodeid)).toEqual(['a > one', 'a > three', 'b > four']);
    expect(merged).toMatchObject({
      scenariosTested: 5,
      scenariosPassed: 2,
      endpointsTested: 5,
      endpointsPassed: 2,
      passRate: 2 / 5,
      extraRuns: 2,
      durationMs: 60,
      target: 'cmd-10',
      serverLogPath: '/log-10',
    });
  });

  it('a single run is returned as it is (no extraRuns)', () => {
    const only = run({ x: 'passed' });
    expect(mergeRunResults([only])).toBe(only);
    expect(() => mergeRunResults([])).toThrow(RangeError);
  });

  it('keeps violations without a scenario (a timeout of the whole command) ', () => {
    const timedOut = {
      ...run({}, 5),
      violations: [{ ...run({ '(test command)': 'failed' }).violations[0]!, kind: 'timeout' as const }],
    };
    const merged = mergeRunResults([run({ 'a > one': 'failed' }), timedOut]);
    expect(merged.violations.map((v) => [v.nodeid, v.kind])).toEqual([
      ['a > one', 'test_failure'],
      ['(test command)', 'timeout'],
    ]);
    expect(merged.stackTraces).toEqual([]);
  });
});
