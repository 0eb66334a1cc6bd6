import type { StopCause } from './loop-result.js';
import type { LoopState, Step } from './loop-state.js';

type Escalation = Extract<Step, { kind: 'escalate' }>;

// The loop ran out of candidates: nothing is left to try for what still fails.
const OUT_OF_CANDIDATES: ReadonlySet<StopCause> = new Set([
  'no_candidate',
  'all_candidates_rejected',
  'attempts_exhausted',
]);

/**
 * The escalation as it is told when the loop ends for want of candidates after a regression:
 * when a root cause that still fails had its last candidate rolled back as the culprit of a
 * regression, the run ends on that regression — seed 004's reason `regression`, the culprits'
 * diffs as `last_patch_diff` — and the precise cause stays. Null when that is not the case.
 */
export function regressionEnding(
  state: LoopState,
  step: Escalation,
): { readonly step: Escalation; readonly lastPatchDiff: string } | null {
  if (step.reason !== 'retry budget' || !OUT_OF_CANDIDATES.has(step.cause)) return null;
  const remaining = new Set(state.current.result.violations.map((v) => v.signature.hash));
  const culprits = [...state.candidates]
    .filter(([hash]) => remaining.has(hash))
    .flatMap(([, cause]) => {
      const last = cause.candidates.at(-1);
      return last?.verdict === 'regressed' && state.culprits.has(last.patchId) ? [{ cause, last }] : [];
    });
  if (culprits.length === 0) return null;
  const rolledBack = culprits
    .map(
      ({ cause, last }) =>
        `the last candidate for ${cause.signature} (${last.patchId}) was rolled back: ${last.reason}`,
    )
    .join('; ');
  return {
    step: { ...step, reason: 'regression', detail: `${step.detail}; ${rolledBack}` },
    lastPatchDiff: culprits.map(({ last }) => state.culprits.get(last.patchId)!).join(''),
  };
}
