import { buildEscalation } from './escalation.js';
import type { LoopResult } from './loop-result.js';
import type { LoopRun } from './loop-run.js';
import type { LoopState, Step } from './loop-state.js';
import { regressionEnding } from './regression-ending.js';
import { summarizeSmoke } from './summarize.js';

/**
 * The loop's result from its last step. An escalation first goes back to the last good
 * checkpoint (nothing unverified stays in the tree) and writes seed 004's bundle; one for want of
 * candidates after a culprit was rolled back tells that regression (`regressionEnding`).
 */
export async function finishLoop(
  run: LoopRun,
  last: Exclude<Step, { kind: 'next' }>,
  initial: LoopResult['initial'],
): Promise<LoopResult> {
  const { deps, state } = run;
  const ending = last.kind === 'escalate' ? regressionEnding(state, last) : null;
  const step = ending?.step ?? last;
  let escalation: LoopResult['escalation'];
  let outcome: LoopResult['outcome'];
  let stopReason: string;
  if (step.kind === 'escalate') {
    const undone = await deps.workspace.rollback(state.goodCheckpoint);
    if (undone.length > 0)
      run.emit({
        type: 'rollback',
        iteration: state.iterations.length,
        patches: undone,
        detail: 'back to the last good checkpoint',
      });
    outcome = 'escalated';
    stopReason = `${step.reason}: ${step.detail}`;
    escalation = await buildEscalation(deps, {
      reason: step.reason,
      last: state.current,
      freshness: state.lastSmoke.freshness,
      attempts: state.attempts,
      commands: [...state.commands],
      lastPatchDiff:
        ending?.lastPatchDiff ??
        (step.reason === 'regression' ? state.lastPatchDiff : (lastTriedFor(state) ?? state.lastPatchDiff)),
    });
  } else {
    outcome = step.outcome;
    stopReason = step.stopReason;
  }
  run.emit({ type: 'stop', outcome, reason: stopReason });
  const accepted = await deps.workspace.acceptedDiff();
  const patchFile = accepted ? await deps.writeArtifact('accepted.patch', accepted) : null;
  const filesFixed = (await deps.workspace.changedFiles()).length;
  return {
    outcome,
    iterations: state.iterations,
    initial,
    final: summarizeSmoke(state.current.result),
    fixesApplied: state.fixesApplied,
    filesFixed,
    patternsPromoted: state.patternsPromoted,
    ...(escalation ? { escalation } : {}),
    artifactsDir: deps.artifactsDir,
    patchFile,
    branch: null,
    durationMs: run.now() - state.started,
    stopReason,
    ...(step.kind === 'escalate' ? { stopCause: step.cause } : {}),
    ...(state.candidates.size > 0 ? { rootCauses: [...state.candidates.values()] } : {}),
  };
}

// The last candidate tried for a failure that remains: what a person picks up from (an accepted
// patch of another root cause says nothing about what is left).
function lastTriedFor(state: LoopState): string | null {
  const remaining = new Set(state.current.result.violations.map((v) => v.signature.hash));
  let last: string | null = null;
  for (const [hash, diff] of state.triedDiffs) if (remaining.has(hash)) last = diff;
  return last;
}
