import { patchDiffHash, type RejectedCandidate, type RepairAttempt, type RepairPatch } from '@smoke-repair/repair-agent';
import type { SmokeResult } from '@smoke-repair/smoke-validator';
import type { RepairLoopConfig } from '../config/loop-config.js';
import { buildEscalation } from './escalation.js';
import type { LoopEvent } from './events.js';
import type { LoopDeps, SmokeOutcome } from './loop-deps.js';
import type { EscalationReason, IterationRecord, LoopResult } from './loop-result.js';
import { isolateRegression } from './isolate-regression.js';
import { judgePatch } from './judge-patch.js';
import { recordLearning } from './record-learning.js';
import { findRegressions, isServerError, summarizeSmoke } from './summarize.js';

type Settings = Pick<RepairLoopConfig, 'loop' | 'patterns'>;

/** Thrown inside the loop to stop with an escalation reason. */
class Stop {
  constructor(
    readonly reason: EscalationReason,
    readonly detail: string,
  ) {}
}

/**
 * The loop (DESIGN §4): baseline smoke → trigger → per iteration repair, checkpoint, apply,
 * restart, re-smoke, compare → keep (and learn) or roll back → stop on target, budget,
 * regression or nothing left to try. Budgets are enforced here, never by a strategy.
 */
export async function runLoop(deps: LoopDeps, settings: Settings, signal?: AbortSignal): Promise<LoopResult> {
  const now = deps.now ?? Date.now;
  const started = now();
  const deadline = started + settings.loop.timeBudgetMs;
  const emit = (event: LoopEvent) => deps.onEvent?.(event);
  const iterations: IterationRecord[] = [];
  const attempts = new Map<string, number>();
  const previousAttempts: RepairAttempt[] = [];
  // Candidates proven wrong on their own root cause: the repair agent never proposes them again.
  const rejectedCandidates: RejectedCandidate[] = [];
  let lastPatchDiff: string | null = null;
  let patternsPromoted = 0;
  let fixesApplied = 0;
  let goodCheckpoint = deps.workspace.checkpoint();
  let lastSmoke: SmokeOutcome | null = null;
  const allCommands = new Set<string>();

  const smoke = async (iteration: number, rerun = false): Promise<SmokeOutcome> => {
    const attempt = Math.min(3, 1 + Math.max(0, ...attempts.values()));
    const focus = attempt >= 3 && lastSmoke ? lastSmoke.result.violations.map((v) => v.nodeid ?? '').filter(Boolean).slice(0, 1) : [];
    const outcome = await deps.smoke({ iteration, attempt, focus, rerun });
    outcome.commands.forEach((c) => allCommands.add(c));
    const crashes = outcome.result.crashes ?? [];
    emit({ type: 'smoke', iteration, smoke: summarizeSmoke(outcome.result), rerun, ...(crashes.length > 0 ? { crashes } : {}) });
    lastSmoke = outcome;
    return outcome;
  };

  const baseline = await smoke(0);
  const initial = summarizeSmoke(baseline.result);
  emit({ type: 'baseline', smoke: initial });
  let current = baseline;
  let outcome: LoopResult['outcome'];
  let stopReason: string;
  let escalation: LoopResult['escalation'];

  const trigger = triggerOf(baseline.result, settings);
  emit({ type: 'trigger', triggered: trigger.triggered, reason: trigger.reason });
  try {
    if (!trigger.triggered) {
      outcome = baseline.result.violations.length === 0 ? 'passed' : 'not_triggered';
      stopReason = trigger.reason;
    } else {
      ({ outcome, stopReason } = await iterate());
    }
  } catch (error) {
    if (!(error instanceof Stop) && !signal?.aborted) {
      // A crash mid-iteration must not leave unverified patches in the user's tree.
      await deps.workspace.rollback(goodCheckpoint).catch(() => undefined);
      throw error;
    }
    const undone = await deps.workspace.rollback(goodCheckpoint);
    if (undone.length > 0) emit({ type: 'rollback', iteration: iterations.length, patches: undone, detail: 'back to the last good checkpoint' });
    const stop = error instanceof Stop ? error : new Stop('time budget', interruption(signal?.reason, settings.loop.timeBudgetMs));
    outcome = 'escalated';
    stopReason = `${stop.reason}: ${stop.detail}`;
    escalation = await buildEscalation(deps, {
      reason: stop.reason,
      last: current,
      freshness: (lastSmoke ?? current).freshness,
      attempts,
      commands: [...allCommands],
      lastPatchDiff,
    });
  }
  emit({ type: 'stop', outcome, reason: stopReason });
  const final = summarizeSmoke(current.result);
  const accepted = await deps.workspace.acceptedDiff();
  const patchFile = accepted ? await deps.writeArtifact('accepted.patch', accepted) : null;
  const filesFixed = (await deps.workspace.changedFiles()).length;
  return {
    outcome,
    iterations,
    initial,
    final,
    fixesApplied,
    filesFixed,
    patternsPromoted,
    ...(escalation ? { escalation } : {}),
    artifactsDir: deps.artifactsDir,
    patchFile,
    branch: null,
    durationMs: now() - started,
    stopReason,
  };

  async function iterate(): Promise<{ outcome: LoopResult['outcome']; stopReason: string }> {
    for (let iteration = 1; iteration <= settings.loop.maxIterations; iteration++) {
      signal?.throwIfAborted();
      const timeLeftMs = deadline - now();
      if (timeLeftMs <= 0) throw new Stop('time budget', `the ${settings.loop.timeBudgetMs} ms budget is spent`);
      emit({ type: 'iteration-start', iteration, timeLeftMs });
      const iterationStart = now();
      const open = current.result.violations.filter((v) => (attempts.get(v.signature.hash) ?? 0) < settings.loop.maxAttemptsPerSignature);
      if (open.length === 0) throw new Stop('retry budget', `every remaining failure had ${settings.loop.maxAttemptsPerSignature} attempts`);
      const attempt = 1 + Math.max(0, ...open.map((v) => attempts.get(v.signature.hash) ?? 0));
      const repair = await deps.repair(open, { attempt, previousAttempts, rejected: rejectedCandidates });
      signal?.throwIfAborted();
      for (const cause of repair.rootCauses) for (const v of cause.violations) attempts.set(v.signature.hash, (attempts.get(v.signature.hash) ?? 0) + 1);
      previousAttempts.push(...repair.attempts);
      const rejected = repair.attempts.filter((a) => a.outcome === 'rejected' || a.outcome === 'failed');
      emit({
        type: 'repair',
        iteration,
        rootCauses: repair.rootCauses.length,
        patches: repair.patches.length,
        rejected: rejected.length,
        detail: repair.attempts.map((a) => `${a.outcome} ${a.strategy}${a.recipeId ? ` ${a.recipeId}` : ''}: ${a.detail}`),
      });
      const record: IterationRecord = {
        iteration,
        rootCauses: repair.rootCauses.length,
        patches: [],
        rejected: rejected.map((a) => ({ signature: a.signature, strategy: a.strategy, reason: a.detail })),
        smoke: null,
        kept: false,
        flaky: [],
        durationMs: 0,
      };
      iterations.push(record);
      if (repair.patches.length === 0) {
        const oversize = rejected.some((a) => /\(limit \d+\)/.test(a.detail));
        const exhausted = rejectedCandidates.length > 0 ? `every candidate tried was rejected (${rejectedCandidates.length}) and no strategy produced another` : 'no strategy produced a patch';
        throw new Stop(oversize ? 'patch size' : 'retry budget', oversize ? 'the only patches produced were over the size limit' : exhausted);
      }
      goodCheckpoint = deps.workspace.checkpoint();
      for (const patch of repair.patches) {
        signal?.throwIfAborted();
        await deps.workspace.apply(patch);
        emit({ type: 'patch-applied', iteration, patchId: patch.id, summary: patch.summary, files: patch.files });
      }
      lastPatchDiff = repair.patches.map((p) => p.diff).join('');
      signal?.throwIfAborted();
      try {
        await deps.restart();
      } catch (error) {
        if (signal?.aborted) throw error;
        // The patched app does not come back (a syntax error, a bad import): that is a regression.
        const detail = (error as Error).message ?? String(error);
        emit({ type: 'restart', iteration, ok: false, detail: `the app did not restart on the patched code: ${detail}` });
        const undone = await deps.workspace.rollback(goodCheckpoint);
        emit({ type: 'rollback', iteration, patches: undone, detail: 'regression: the app did not restart' });
        await deps.restart();
        const settled = await settleRegression(iteration, record, repair.patches, current.result, `iteration ${iteration}: the app did not restart on the patched code (${detail})`);
        record.durationMs = now() - iterationStart;
        if (settled) return settled;
        continue;
      }
      signal?.throwIfAborted();
      emit({ type: 'restart', iteration, ok: true, detail: 'app restarted on the patched code' });
      let after = await smoke(iteration);
      // A smoke cut short by Ctrl-C says nothing about the patch: stop before judging it.
      signal?.throwIfAborted();
      let check = findRegressions(current.result, after.result);
      if ((check.regressed.length > 0 || check.fewerPasses) && settings.loop.confirmRegressions) {
        // The confirming rerun starts from the same data as the smoke it checks (a fresh start).
        await deps.restart();
        signal?.throwIfAborted();
        const rerun = await smoke(iteration, true);
        signal?.throwIfAborted();
        const recheck = findRegressions(current.result, rerun.result);
        record.flaky = check.regressed.filter((id) => !recheck.regressed.includes(id));
        after = rerun;
        check = recheck;
      }
      record.smoke = summarizeSmoke(after.result);
      const regressed = check.regressed.length > 0 || check.fewerPasses;
      record.patches = repair.patches.map((p) => patchRecord(p, after.result, regressed));
      if (regressed) {
        const undone = await deps.workspace.rollback(goodCheckpoint);
        emit({ type: 'rollback', iteration, patches: undone, detail: `regression: ${check.regressed.join(', ') || 'fewer passes'}` });
        await deps.restart();
        const settled = await settleRegression(iteration, record, repair.patches, after.result, `iteration ${iteration} broke ${check.regressed.join(', ') || 'passing scenarios'}`);
        record.durationMs = now() - iterationStart;
        if (settled) return settled;
        continue;
      }
      // Each candidate is judged on its own root cause: kept only when its scenarios pass or fail
      // later, at a line it did not touch. The rest are rolled back, remembered, and learned as
      // failures; the next round tries other candidates for their root causes.
      const judged = await keepAccepted(iteration, repair.patches, after);
      if (!judged) {
        record.durationMs = now() - iterationStart;
        continue;
      }
      after = judged.after;
      record.smoke = summarizeSmoke(after.result);
      record.patches = repair.patches.map((p) => judged.records.get(p.id)!);
      if (judged.kept.length === 0) {
        emit({ type: 'verdict', iteration, kept: false, detail: `every candidate was rejected: ${judged.rejected.map((p) => `${p.id} (${judged.records.get(p.id)!.rule})`).join(', ')}` });
        record.durationMs = now() - iterationStart;
        continue;
      }
      record.kept = true;
      fixesApplied += judged.kept.length;
      goodCheckpoint = deps.workspace.checkpoint();
      current = after;
      const dropped = judged.rejected.length > 0 ? `; rejected ${judged.rejected.map((p) => p.id).join(', ')}` : '';
      emit({ type: 'verdict', iteration, kept: true, detail: `pass rate ${pct(record.smoke.passRate)}, ${record.smoke.serverErrors} server errors${dropped}` });
      await learn(judged.kept, after.result, false, 'fixed');
      record.durationMs = now() - iterationStart;
      const done = targetOf(current.result, settings);
      if (done) return done;
    }
    throw new Stop('retry budget', `the loop limit of ${settings.loop.maxIterations} iterations was reached`);
  }

  /**
   * The verdicts of a round that did not regress. All accepted: kept as they are. Some rejected:
   * back to the checkpoint, the accepted ones re-applied, the app restarted and smoked again
   * (that smoke is the round's result). Returns null when that smoke regressed (all rolled back).
   */
  async function keepAccepted(
    iteration: number,
    patches: readonly RepairPatch[],
    after: SmokeOutcome,
  ): Promise<{ kept: RepairPatch[]; rejected: RepairPatch[]; after: SmokeOutcome; records: Map<string, IterationRecord['patches'][number]> } | null> {
    const records = new Map<string, IterationRecord['patches'][number]>();
    const kept: RepairPatch[] = [];
    const rejectedNow: RepairPatch[] = [];
    for (const patch of patches) {
      const verdict = judgePatch(patch, current.result, after.result);
      records.set(patch.id, { ...patchRecord(patch, after.result, false), outcome: verdict.accepted ? 'fixed' : 'rejected', rule: verdict.rule, reason: verdict.detail });
      (verdict.accepted ? kept : rejectedNow).push(patch);
    }
    if (rejectedNow.length === 0) return { kept, rejected: [], after, records };
    for (const patch of rejectedNow) rememberRejected(patch);
    await learn(rejectedNow, after.result, false, 'not_fixed');
    await deps.workspace.rollback(goodCheckpoint);
    emit({ type: 'rollback', iteration, patches: rejectedNow.map((p) => p.id), detail: `rejected: ${rejectedNow.map((p) => records.get(p.id)!.reason).join('; ')}` });
    const reapplied: RepairPatch[] = [];
    for (const patch of kept) {
      try {
        await deps.workspace.apply(patch);
        reapplied.push(patch);
      } catch (error) {
        if ((error as { code?: string }).code !== 'SMOKE_LOOP_PATCH_CONFLICT') throw error;
        // Written on top of a rejected patch: it cannot stand alone.
        records.set(patch.id, { ...records.get(patch.id)!, outcome: 'rejected', rule: 'conflict', reason: 'written on top of a rejected patch' });
        rejectedNow.push(patch);
      }
    }
    signal?.throwIfAborted();
    await deps.restart();
    if (reapplied.length === 0) return { kept: [], rejected: rejectedNow, after: current, records };
    const alone = await smoke(iteration);
    signal?.throwIfAborted();
    const check = findRegressions(current.result, alone.result);
    if (check.regressed.length > 0 || check.fewerPasses) {
      // Without the rejected ones the rest regressed: nothing of this round can be trusted.
      const undone = await deps.workspace.rollback(goodCheckpoint);
      emit({ type: 'rollback', iteration, patches: undone, detail: `regression once the rejected patches were removed: ${check.regressed.join(', ') || 'fewer passes'}` });
      await deps.restart();
      for (const patch of reapplied) records.set(patch.id, { ...records.get(patch.id)!, outcome: 'rolled_back' });
      return null;
    }
    return { kept: reapplied, rejected: rejectedNow, after: alone, records };
  }

  /**
   * A round that made things worse is rolled back (the tree is at `goodCheckpoint`, the app
   * restarted). One patch: stop with `regression`. Several: isolate the culprit(s), keep the
   * rest; then stop with `regression` naming what was rolled back — or, when nothing regressed on
   * its own (the drop was noise), go on; when the kept patches reach the target, finish there.
   */
  async function settleRegression(
    iteration: number,
    record: IterationRecord,
    patches: readonly RepairPatch[],
    seen: SmokeResult,
    why: string,
  ): Promise<{ outcome: LoopResult['outcome']; stopReason: string } | null> {
    if (patches.length < 2 || !settings.loop.isolateRegressions) {
      record.patches = patches.map((p) => patchRecord(p, seen, true));
      await learn(patches, seen, true);
      throw new Stop('regression', `${why}; its patches were rolled back`);
    }
    const iso = await isolateRegression(patches, current, {
      iteration,
      workspace: deps.workspace,
      restart: () => deps.restart(),
      smoke: (rerun) => smoke(iteration, rerun),
      confirmRegressions: settings.loop.confirmRegressions,
      emit,
      hasTime: () => now() < deadline,
      judge: (patch, before, after) => judgePatch(patch, before.result, after.result),
      ...(signal ? { signal } : {}),
    });
    record.patches = patches.map((p) =>
      iso.rejected.includes(p)
        ? { ...patchRecord(p, iso.last.result, false), outcome: 'rejected' as const, reason: iso.reasons.get(p.id) ?? 'rejected' }
        : patchRecord(p, iso.last.result, !iso.kept.includes(p)),
    );
    for (const patch of iso.rejected) rememberRejected(patch);
    await learn(iso.rejected, iso.last.result, false, 'not_fixed');
    if (iso.regressed.length > 0) await learn(iso.regressed, iso.last.result, true);
    if (iso.kept.length > 0) {
      fixesApplied += iso.kept.length;
      goodCheckpoint = deps.workspace.checkpoint();
      current = iso.last;
      record.kept = true;
      record.smoke = summarizeSmoke(current.result);
      emit({ type: 'verdict', iteration, kept: true, detail: `kept ${iso.kept.length} of ${patches.length} patches: pass rate ${pct(record.smoke.passRate)}, ${record.smoke.serverErrors} server errors` });
      await learn(iso.kept, current.result, false, 'fixed');
    }
    if (iso.regressed.length > 0) lastPatchDiff = iso.regressed.map((p) => p.diff).join('');
    const done = targetOf(current.result, settings);
    if (done) return done;
    if (iso.untried.length > 0) throw new Stop('time budget', `${why}; no time left to try ${iso.untried.map((p) => p.id).join(', ')} on their own`);
    if (iso.regressed.length === 0) return null;
    const culprits = [...iso.regressed, ...iso.conflicted].map((p) => `${p.id} (${iso.reasons.get(p.id)})`).join('; ');
    throw new Stop('regression', `${why}; tried one at a time, kept ${iso.kept.length} of ${patches.length} patches and rolled back ${culprits}`);
  }

  function rememberRejected(patch: RepairPatch): void {
    rejectedCandidates.push({
      signatureHash: patch.signature.hash,
      diffHash: patchDiffHash(patch.diff),
      ...(patch.recipeId ? { recipeId: patch.recipeId } : {}),
      ...(patch.patternId ? { patternId: patch.patternId } : {}),
    });
  }

  async function learn(patches: readonly RepairPatch[], after: SmokeResult, regressed: boolean, outcome?: 'fixed' | 'not_fixed'): Promise<void> {
    if (!deps.store || patches.length === 0) return;
    try {
      const learned = await recordLearning(deps.store, patches, after, { regressed, app: deps.appName, policy: settings.patterns, ...(outcome ? { outcome } : {}) });
      patternsPromoted += learned.promoted;
      emit({ type: 'learning', recorded: learned.recorded, promoted: learned.promoted, detail: learned.detail });
    } catch (error) {
      emit({ type: 'warning', detail: `learning was not recorded: ${(error as Error).message}` });
    }
  }
}

// An abort is the user's (SIGINT, SIGTERM) or the time budget's own timeout firing mid-iteration.
function interruption(reason: unknown, budgetMs: number): string {
  if (reason instanceof Error && reason.name === 'TimeoutError') return `the ${budgetMs} ms budget ran out mid-iteration`;
  return `interrupted (${reason instanceof Error ? reason.message : String(reason ?? 'abort')})`;
}

function triggerOf(result: SmokeResult, settings: Settings): { triggered: boolean; reason: string } {
  const errors = result.violations.filter(isServerError).length;
  if (result.passRate < settings.loop.triggerPassRate) return { triggered: true, reason: `pass rate ${pct(result.passRate)} < ${pct(settings.loop.triggerPassRate)}` };
  if (errors > 0) return { triggered: true, reason: `${errors} server error${errors === 1 ? '' : 's'}` };
  return { triggered: false, reason: `pass rate ${pct(result.passRate)} and no server errors: no repair needed` };
}

function targetOf(result: SmokeResult, settings: Settings): { outcome: LoopResult['outcome']; stopReason: string } | null {
  if (result.violations.length === 0) return { outcome: 'passed', stopReason: 'every scenario passes' };
  const errors = result.violations.filter(isServerError).length;
  if (result.passRate >= settings.loop.targetPassRate && errors === 0 && settings.loop.targetPassRate < 1) {
    return { outcome: 'target_reached', stopReason: `pass rate ${pct(result.passRate)} ≥ ${pct(settings.loop.targetPassRate)} with no server errors` };
  }
  return null;
}

function patchRecord(patch: RepairPatch, after: SmokeResult, regressed: boolean): IterationRecord['patches'][number] {
  const stillFailing = after.violations.some((v) => v.signature.hash === patch.signature.hash || (patch.rootCause === 'route-missing' && patch.endpoints.includes(v.endpoint)));
  return {
    id: patch.id,
    signature: patch.signature.key,
    strategy: patch.strategy,
    summary: patch.summary,
    files: [...patch.files],
    changedLines: patch.changedLines,
    ...(patch.patternId ? { patternId: patch.patternId } : {}),
    outcome: regressed ? 'rolled_back' : stillFailing ? 'not_fixed' : 'fixed',
  };
}

function pct(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}
