/**
 * What a round's trial leads to: candidates judged on their own root causes are kept or
 * rejected (the rejected rolled back, the rest tried again without them); a round that broke
 * the restart or passing scenarios is rolled back, its culprit rejected (`settle-regression.ts`).
 */
import { patchDiffHash, type RepairPatch } from '@smoke-repair/repair-agent';
import type { PatchVerdict } from './judge-patch.js';
import type { IterationRecord } from './loop-result.js';
import { blamedForBuild } from './build-blame.js';
import type { LoopRun } from './loop-run.js';
import { NEXT, recordCandidate, rememberRejected, type Step } from './loop-state.js';
import type { SmokeOutcome } from './loop-deps.js';
import { patchRecord, type PatchRecord } from './patch-record.js';
import { summarizeSmoke } from './summarize.js';
import { settleRegression } from './settle-regression.js';
import { pct, targetOf } from './targets.js';
import { trial, type TrialOutcome } from './trial.js';

/** Settles a round after its trial (see the module comment). */
export async function settleTrial(
  run: LoopRun,
  iteration: number,
  record: IterationRecord,
  patches: readonly RepairPatch[],
  tried: TrialOutcome,
): Promise<Step> {
  const { state } = run;
  if (tried.kind === 'empty') {
    run.emit({ type: 'warning', detail: `iteration ${iteration}: none of its patches applied` });
    record.patches = patches.map((p) => ({ ...patchRecord(p, state.current.result, true), rule: 'conflict' }));
    return NEXT;
  }
  if (tried.kind === 'build-failed') return rejectUnbuilt(run, iteration, record, patches, tried);
  // One patch whose app does not come back (a syntax error, a bad import) is that patch's fault:
  // rejected like code that does not build, and the loop goes on. Several: isolate the culprit.
  if (tried.kind === 'no-restart' && tried.applied.length === 1) {
    return rejectBroken(
      run,
      iteration,
      record,
      patches,
      tried.applied,
      'no-restart',
      `the app did not restart on it: ${tried.detail}`,
    );
  }
  if (tried.kind === 'no-restart') {
    return settleRegression(
      run,
      iteration,
      record,
      patches,
      state.current.result,
      `iteration ${iteration}: the app did not restart on the patched code (${tried.detail})`,
      'restart_failed',
    );
  }
  if (tried.kind === 'regressed') {
    record.flaky = [...tried.flaky];
    record.smoke = summarizeSmoke(tried.after.result);
    return settleRegression(
      run,
      iteration,
      record,
      patches,
      tried.after.result,
      `iteration ${iteration} broke ${tried.regressed.join(', ') || 'passing scenarios'}`,
      'regression',
    );
  }
  record.flaky = [...tried.flaky];
  return keepAccepted(run, iteration, record, patches, tried);
}

/**
 * Each candidate is judged on its own root cause: kept only when its scenarios pass or fail
 * later, at a line it did not touch, with an error it did not cause. The rejected ones are rolled
 * back, remembered and learned as failures; the accepted ones are tried again without them (the
 * app restarted, smoked, judged again) until every candidate left is accepted.
 */
async function keepAccepted(
  run: LoopRun,
  iteration: number,
  record: IterationRecord,
  patches: readonly RepairPatch[],
  first: Extract<TrialOutcome, { kind: 'judged' }>,
): Promise<Step> {
  const { deps, state } = run;
  const records = new Map<string, PatchRecord>();
  let candidates = first.applied;
  let verdicts: ReadonlyMap<string, PatchVerdict> = first.verdicts;
  let after: SmokeOutcome = first.after;
  for (;;) {
    for (const patch of candidates) {
      const verdict = verdicts.get(patch.id)!;
      records.set(patch.id, {
        ...patchRecord(patch, after.result, false),
        outcome: verdict.accepted ? 'fixed' : 'rejected',
        rule: verdict.rule,
        reason: verdict.detail,
      });
    }
    const rejected = candidates.filter((p) => !verdicts.get(p.id)!.accepted);
    if (rejected.length === 0) break;
    for (const patch of rejected) {
      rememberRejected(state, patch, patchDiffHash(patch.diff));
      const verdict = verdicts.get(patch.id)!;
      recordCandidate(state, patch, iteration, { verdict: 'rejected', rule: verdict.rule, reason: verdict.detail });
    }
    await run.learn(rejected, after.result, false, 'not_fixed');
    await deps.workspace.rollback(state.goodCheckpoint);
    run.emit({
      type: 'rollback',
      iteration,
      patches: rejected.map((p) => p.id),
      detail: `rejected: ${rejected.map((p) => records.get(p.id)!.reason).join('; ')}`,
    });
    const accepted = candidates.filter((p) => verdicts.get(p.id)!.accepted);
    const again = accepted.length > 0 ? await trial(accepted, state.current, run.trialContext(iteration)) : null;
    for (const patch of again?.conflicts ?? []) {
      // Written on top of a rejected patch: it cannot stand alone.
      records.set(patch.id, {
        ...records.get(patch.id)!,
        outcome: 'rejected',
        rule: 'conflict',
        reason: 'written on top of a rejected patch',
      });
      recordCandidate(state, patch, iteration, {
        verdict: 'rolled_back',
        rule: 'conflict',
        reason: 'written on top of a rejected patch',
      });
    }
    if (!again || again.kind === 'empty') {
      await deps.restart();
      candidates = [];
      after = state.current;
      break;
    }
    if (again.kind !== 'judged') {
      // Without the rejected ones the rest regressed: nothing of this round can be trusted.
      for (const patch of again.applied) {
        records.set(patch.id, { ...records.get(patch.id)!, outcome: 'rolled_back' });
        const rule = again.kind === 'regressed' ? 'broke-passing' : again.kind;
        recordCandidate(state, patch, iteration, {
          verdict: 'rolled_back',
          rule,
          reason: 'its round regressed once the rejected candidates were removed',
        });
      }
      record.patches = patches.map((p) => records.get(p.id) ?? patchRecord(p, state.current.result, true));
      return NEXT;
    }
    candidates = again.applied;
    verdicts = again.verdicts;
    after = again.after;
  }
  record.smoke = summarizeSmoke(after.result);
  record.patches = patches.map((p) => records.get(p.id) ?? patchRecord(p, after.result, true));
  if (candidates.length === 0) {
    run.emit({
      type: 'verdict',
      iteration,
      kept: false,
      detail:
        `every candidate was ` +
        `rejected: ${patches.map((p) => `${p.id} (${records.get(p.id)?.rule ?? 'rejected'})`).join(', ')}`,
    });
    return NEXT;
  }
  for (const patch of candidates) {
    const verdict = verdicts.get(patch.id)!;
    recordCandidate(state, patch, iteration, { verdict: 'accepted', rule: verdict.rule, reason: verdict.detail });
  }
  record.kept = true;
  state.fixesApplied += candidates.length;
  state.goodCheckpoint = deps.workspace.checkpoint();
  state.current = after;
  const dropped =
    candidates.length < patches.length
      ? `; rejected ${patches
          .filter((p) => !candidates.includes(p))
          .map((p) => p.id)
          .join(', ')}`
      : '';
  run.emit({
    type: 'verdict',
    iteration,
    kept: true,
    detail: `pass rate ${pct(record.smoke.passRate)}, ${record.smoke.serverErrors} server errors${dropped}`,
  });
  await run.learn(candidates, after.result, false, 'fixed');
  return targetOf(state.current.result, run.settings) ?? NEXT;
}

/**
 * The round's code did not build (the tree is rolled back, rebuilt, the app restarted). A type
 * error is a reason to reject, like a failing scenario: the patches whose lines (else files) the
 * compiler names (all of them when it names none) are rejected with its message and not proposed again;
 * the others come back next round. The loop goes on.
 */
async function rejectUnbuilt(
  run: LoopRun,
  iteration: number,
  record: IterationRecord,
  patches: readonly RepairPatch[],
  tried: Extract<TrialOutcome, { kind: 'build-failed' }>,
): Promise<Step> {
  return rejectBroken(
    run,
    iteration,
    record,
    patches,
    blamedForBuild(tried.applied, tried.detail),
    'build-failed',
    `the build failed: ${tried.detail}`,
  );
}

// The tree is already rolled back and the app running it: the guilty patches are rejected (never
// proposed again, learned as failures), the others come back next round.
async function rejectBroken(
  run: LoopRun,
  iteration: number,
  record: IterationRecord,
  patches: readonly RepairPatch[],
  guilty: readonly RepairPatch[],
  rule: 'build-failed' | 'no-restart',
  reason: string,
): Promise<Step> {
  const { state } = run;
  for (const patch of guilty) {
    rememberRejected(state, patch, patchDiffHash(patch.diff));
    recordCandidate(state, patch, iteration, { verdict: 'rejected', rule, reason });
  }
  record.patches = patches.map((p) =>
    guilty.includes(p)
      ? { ...patchRecord(p, state.current.result, false), outcome: 'rejected' as const, rule, reason }
      : patchRecord(p, state.current.result, true),
  );
  await run.learn(guilty, state.current.result, false, 'not_fixed');
  run.emit({
    type: 'verdict',
    iteration,
    kept: false,
    detail:
      `${rule === 'build-failed' ? 'the build failed' : 'the app did not restart'} ` +
      `on ${guilty.map((p) => p.id).join(', ')}`,
  });
  return NEXT;
}
