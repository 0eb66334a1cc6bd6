/**
 * After a round of several patches made things worse (the app did not restart, or passing
 * scenarios failed), finds which patch did it instead of throwing the whole round away: from
 * the last good checkpoint, each patch is applied on its own, the app restarted and smoked; a
 * patch that breaks the restart or a passing scenario is rolled back at once, one that does not
 * is kept and becomes the baseline of the next. A recipe that is wrong for one app thus costs
 * that one fix, not the good fixes of the same round.
 */
import type { RepairPatch } from '@smoke-repair/repair-agent';
import type { LoopEvent } from './events.js';
import type { SmokeOutcome } from './loop-deps.js';
import { findRegressions } from './summarize.js';
import type { Workspace } from '../workspace/workspace.js';

/** What isolation needs from the loop; the workspace must be at the round's good checkpoint, the app running on it. */
export interface IsolationContext {
  readonly iteration: number;
  readonly workspace: Workspace;
  readonly restart: () => Promise<void>;
  /** One smoke run (`rerun`: the confirmation of a suspected regression). */
  readonly smoke: (rerun: boolean) => Promise<SmokeOutcome>;
  readonly confirmRegressions: boolean;
  readonly emit: (event: LoopEvent) => void;
  /** False once the time budget is spent: the patches not yet tried stay out. */
  readonly hasTime: () => boolean;
  /** The verdict on a patch from the smoke after it alone (its own root cause): rejected ones are rolled back too. */
  readonly judge?: (patch: RepairPatch, before: SmokeOutcome, after: SmokeOutcome) => { accepted: boolean; detail: string };
  readonly signal?: AbortSignal;
}

/** The verdict per patch. */
export interface Isolation {
  /** Applied, and nothing that passed before fails: in the tree now. */
  readonly kept: readonly RepairPatch[];
  /** Broke the restart or a passing scenario on its own: rolled back. */
  readonly regressed: readonly RepairPatch[];
  /** Not tried (no time left): not in the tree. */
  readonly untried: readonly RepairPatch[];
  /** Written on top of a patch that was rolled back, so it no longer applies: not in the tree. */
  readonly conflicted: readonly RepairPatch[];
  /** Did not regress, but left its own root cause failing at its own lines (see `judge`): rolled back. */
  readonly rejected: readonly RepairPatch[];
  /** The smoke of the tree as it is now (the base when nothing was kept). */
  readonly last: SmokeOutcome;
  /** Why each regressed patch was rolled back, by patch id. */
  readonly reasons: ReadonlyMap<string, string>;
}

/** Tries `patches` one at a time on top of `base` (see the module comment). */
export async function isolateRegression(patches: readonly RepairPatch[], base: SmokeOutcome, ctx: IsolationContext): Promise<Isolation> {
  const kept: RepairPatch[] = [];
  const regressed: RepairPatch[] = [];
  const untried: RepairPatch[] = [];
  const conflicted: RepairPatch[] = [];
  const rejected: RepairPatch[] = [];
  const reasons = new Map<string, string>();
  let last = base;
  const undo = async (patch: RepairPatch, checkpoint: number, reason: string) => {
    const undone = await ctx.workspace.rollback(checkpoint);
    ctx.emit({ type: 'rollback', iteration: ctx.iteration, patches: undone, detail: `isolated: ${patch.id} ${reason}` });
    await ctx.restart();
    regressed.push(patch);
    reasons.set(patch.id, reason);
  };

  for (const patch of patches) {
    ctx.signal?.throwIfAborted();
    if (!ctx.hasTime()) {
      untried.push(patch);
      continue;
    }
    const checkpoint = ctx.workspace.checkpoint();
    try {
      await ctx.workspace.apply(patch);
    } catch (error) {
      // The workspace checks before it writes: a conflict leaves the tree as it was.
      if ((error as { code?: unknown }).code !== 'SMOKE_LOOP_PATCH_CONFLICT') throw error;
      conflicted.push(patch);
      reasons.set(patch.id, 'no longer applies without a patch rolled back before it');
      continue;
    }
    ctx.emit({ type: 'patch-applied', iteration: ctx.iteration, patchId: patch.id, summary: `alone: ${patch.summary}`, files: patch.files });
    try {
      await ctx.restart();
    } catch (error) {
      if (ctx.signal?.aborted) throw error;
      const detail = `kept the app from restarting (${(error as Error).message ?? String(error)})`;
      ctx.emit({ type: 'restart', iteration: ctx.iteration, ok: false, detail });
      await undo(patch, checkpoint, detail);
      continue;
    }
    let after = await ctx.smoke(false);
    ctx.signal?.throwIfAborted();
    let check = findRegressions(last.result, after.result);
    if ((check.regressed.length > 0 || check.fewerPasses) && ctx.confirmRegressions) {
      await ctx.restart();
      after = await ctx.smoke(true);
      ctx.signal?.throwIfAborted();
      check = findRegressions(last.result, after.result);
    }
    if (check.regressed.length > 0 || check.fewerPasses) {
      await undo(patch, checkpoint, `broke ${check.regressed.join(', ') || 'passing scenarios'}`);
      continue;
    }
    const verdict = ctx.judge?.(patch, last, after);
    if (verdict && !verdict.accepted) {
      const undone = await ctx.workspace.rollback(checkpoint);
      ctx.emit({ type: 'rollback', iteration: ctx.iteration, patches: undone, detail: `isolated: ${patch.id} rejected: ${verdict.detail}` });
      await ctx.restart();
      rejected.push(patch);
      reasons.set(patch.id, verdict.detail);
      continue;
    }
    kept.push(patch);
    last = after;
    ctx.emit({ type: 'verdict', iteration: ctx.iteration, kept: true, detail: `isolated: ${patch.id} kept on its own` });
  }
  return { kept, regressed, untried, conflicted, rejected, last, reasons };
}
