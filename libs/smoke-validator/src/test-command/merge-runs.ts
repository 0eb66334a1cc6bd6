/**
 * One `SmokeResult` out of a run that stopped early and the extra runs after it. Each test counts
 * once, with the outcome of the latest run that ran it: the extra runs leave out the tests that
 * failed, so a failure is never overwritten, and a test an earlier run reported without running
 * it (vitest lists the tests a bail cut off as passed) gets its real outcome from a later run.
 */
import { summarizeScenarios, type ScenarioResult, type SmokeResult, type Violation } from '../smoke-result.js';

/** Merges `runs` (the first run, then its extra runs, in order). */
export function mergeRunResults(runs: readonly SmokeResult[]): SmokeResult {
  const [first, ...extra] = runs;
  if (!first) throw new RangeError('mergeRunResults needs at least one run');
  if (extra.length === 0) return first;
  const scenarios = new Map<string, ScenarioResult>();
  const violations = new Map<string, Violation[]>();
  for (const run of runs) {
    for (const scenario of run.scenarios) {
      scenarios.set(scenario.id, scenario); // keeps its first position, takes the latest outcome
      violations.delete(scenario.id);
    }
    for (const violation of run.violations) {
      const key = violation.nodeid ?? violation.scenarioId ?? violation.endpoint;
      violations.set(key, [...(violations.get(key) ?? []), violation]);
    }
  }
  const merged = [...violations.values()].flat();
  return {
    ...first,
    ...summarizeScenarios([...scenarios.values()]),
    scenarios: [...scenarios.values()],
    violations: merged,
    stackTraces: merged.flatMap((v) => v.traces),
    durationMs: runs.reduce((sum, run) => sum + run.durationMs, 0),
    extraRuns: extra.length,
    ...dropped(runs),
  };
}

// Each run reads at most MAX_JUNIT_CASES cases; the most any run left out is what the merge lacks.
function dropped(runs: readonly SmokeResult[]): { testCasesDropped?: number } {
  const most = Math.max(0, ...runs.map((run) => run.testCasesDropped ?? 0));
  return most > 0 ? { testCasesDropped: most } : {};
}
