/**
 * A round that made things worse: it broke passing scenarios (confirmed by a rerun on the same
 * data) or the restart; the tree is back at the good checkpoint and the app runs it. The culprit
 * is rejected and the loop goes on. With one patch the culprit is that patch; with several, each
 * is tried on its own (`isolateRegression`, or in lanes) and those that regress alone are the
 * culprits, the others kept or rejected on their own root causes. A culprit is rolled back, never
 * proposed again, recorded `regressed` and learned as a failure; its root cause gets its next
 * candidate. The loop stops with `regression` only when it cannot isolate the culprit:
 * `loop.isolateRegressions` off, or no time left to try every patch of the round alone.
 */
import { patchDiffHash, type RepairPatch } from '@smoke-repair/repair-agent';
import type { SmokeResult } from '@smoke-repair/smoke-validator';
import { isolateInLanes } from './isolate-in-lanes.js';
import { isolateRegression, type Isolation } from './isolate-regression.js';
import type { IterationRecord, StopCause } from './loop-result.js';
import type { LoopRun } from './loop-run.js';
import { escalate, NEXT, recordCandidate, rememberRejected, type Step } from './loop-state.js';
import { patchRecord } from './patch-record.js';
import { summarizeSmoke } from './summarize.js';
import { pct, targetOf } from './targets.js';

/** Settles a round that regressed (see the module comment); `why` says what it broke. */
export async function settleRegression(
  run: LoopRun,
  iteration: number,
  record: IterationRecord,
  patches: readonly RepairPatch[],
  seen: SmokeResult,
  why: string,
  cause: StopCause,
): Promise<Step> {
  const { settings, state } = run;
  const rule = cause === 'restart_failed' ? 'no-restart' : 'broke-passing';
  if (patches.length === 1) {
    // Isolated by definition: the one patch of the round is the culprit.
    record.patches = patches.map((p) => ({ ...patchRecord(p, seen, true), rule, reason: why }));
    await rejectCulprits(run, iteration, patches, seen, () => [rule, why]);
    run.emit({
      type: 'verdict',
      iteration,
      kept: false,
      detail: `${why}: ${patches[0]!.id} rolled back and not proposed again`,
    });
    return NEXT;
  }
  if (!settings.loop.isolateRegressions) {
    record.patches = patches.map((p) => patchRecord(p, seen, true));
    for (const patch of patches) recordCandidate(state, patch, iteration, { verdict: 'regressed', rule, reason: why });
    await run.learn(patches, seen, true);
    return escalate('regression', cause, `${why}; its patches were rolled back`);
  }
  const iso = await isolate(run, iteration, patches);
  settleIsolation(run, iteration, record, patches, iso);
  for (const patch of iso.rejected) rememberRejected(state, patch, patchDiffHash(patch.diff));
  await run.learn(iso.rejected, iso.last.result, false, 'not_fixed');
  await rejectCulprits(run, iteration, iso.regressed, iso.last.result, (p) => [
    iso.rules.get(p.id) ?? rule,
    iso.reasons.get(p.id) ?? why,
  ]);
  const culprits = [...iso.regressed, ...iso.conflicted].map((p) => `${p.id} (${iso.reasons.get(p.id)})`).join('; ');
  const summary =
    `${why}; tried one at a time, kept ${iso.kept.length} of ${patches.length} ` +
    `patches${culprits ? ` and rolled back ${culprits}` : ''}`;
  if (iso.kept.length > 0) await keepIsolated(run, iteration, record, iso, summary);
  else run.emit({ type: 'verdict', iteration, kept: false, detail: summary });
  const done = targetOf(state.current.result, settings);
  if (done) return done;
  if (iso.untried.length === 0) return NEXT;
  // The patches left untried may hold the culprit: it is not isolated, and there is no time to.
  state.lastPatchDiff = [...iso.regressed, ...iso.untried].map((p) => p.diff).join('');
  return escalate(
    'regression',
    'time_budget',
    `${summary}; no time left to try ${iso.untried.map((p) => p.id).join(', ')} on their own`,
  );
}

// Each patch of the round on its own: in lanes when there are several, else one after another.
async function isolate(run: LoopRun, iteration: number, patches: readonly RepairPatch[]): Promise<Isolation> {
  const { deps, state } = run;
  const context = { ...run.trialContext(iteration), hasTime: () => run.now() < state.deadline };
  const lanes = deps.lanes;
  return lanes && lanes.size > 1
    ? isolateInLanes(patches, state.current, {
        ...context,
        lanes,
        laneContext: (lane) => run.laneContext(iteration, lane),
      })
    : isolateRegression(patches, state.current, context);
}

// The iteration's patch records and every patch's candidate verdict, from the isolation.
function settleIsolation(
  run: LoopRun,
  iteration: number,
  record: IterationRecord,
  patches: readonly RepairPatch[],
  iso: Isolation,
): void {
  const judged = (p: RepairPatch) => {
    const rule = iso.rules.get(p.id);
    const reason = iso.reasons.get(p.id);
    return { ...(rule ? { rule } : {}), ...(reason ? { reason } : {}) };
  };
  record.patches = patches.map((p) =>
    iso.rejected.includes(p)
      ? { ...patchRecord(p, iso.last.result, false), outcome: 'rejected' as const, ...judged(p) }
      : iso.regressed.includes(p)
        ? { ...patchRecord(p, iso.last.result, true), ...judged(p) }
        : patchRecord(p, iso.last.result, !iso.kept.includes(p)),
  );
  for (const patch of patches) {
    const verdict = iso.kept.includes(patch)
      ? 'accepted'
      : iso.rejected.includes(patch)
        ? 'rejected'
        : iso.regressed.includes(patch)
          ? 'regressed'
          : iso.untried.includes(patch)
            ? 'untried'
            : 'rolled_back';
    recordCandidate(run.state, patch, iteration, { verdict, ...judged(patch) });
  }
}

// Patches kept on their own: the new good checkpoint, counted and learned as fixes.
async function keepIsolated(
  run: LoopRun,
  iteration: number,
  record: IterationRecord,
  iso: Isolation,
  summary: string,
): Promise<void> {
  const { deps, state } = run;
  state.fixesApplied += iso.kept.length;
  state.goodCheckpoint = deps.workspace.checkpoint();
  state.current = iso.last;
  const smoke = summarizeSmoke(state.current.result);
  record.kept = true;
  record.smoke = smoke;
  run.emit({
    type: 'verdict',
    iteration,
    kept: true,
    detail: `${summary}: pass rate ${pct(smoke.passRate)}, ${smoke.serverErrors} server errors`,
  });
  await run.learn(iso.kept, state.current.result, false, 'fixed');
}

/**
 * Culprits of a regression (already rolled back): never proposed again, recorded `regressed`
 * with the rule and reason `why` gives, their diffs kept for the bundle, learned as regressions.
 */
async function rejectCulprits(
  run: LoopRun,
  iteration: number,
  culprits: readonly RepairPatch[],
  after: SmokeResult,
  why: (patch: RepairPatch) => readonly [rule: string, reason: string],
): Promise<void> {
  const { state } = run;
  for (const patch of culprits) {
    const [rule, reason] = why(patch);
    rememberRejected(state, patch, patchDiffHash(patch.diff));
    recordCandidate(state, patch, iteration, { verdict: 'regressed', rule, reason });
    state.culprits.set(patch.id, patch.diff);
  }
  if (culprits.length > 0) state.lastPatchDiff = culprits.map((p) => p.diff).join('');
  await run.learn(culprits, after, true);
}
