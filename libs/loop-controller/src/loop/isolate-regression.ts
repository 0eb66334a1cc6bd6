/**
 * After a round of several patches made things worse (the app did not restart, or passing
 * scenarios failed), finds which patch did it instead of throwing the whole round away: from
 * the last good checkpoint, each patch is tried on its own (`trial`); a patch that breaks the
 * restart or a passing scenario is rolled back at once, one its own scenarios reject is rolled
 * back too, one that passes is kept and becomes the baseline of the next. A recipe that is wrong
 * for one app thus costs that one fix, not the good fixes of the same round. When the time
 * budget runs out mid-isolation, the patch on trial is rolled back and, like the rest, left
 * untried; the ones kept before it stand (each was verified on the tree it is in).
 */
import type { RepairPatch } from '@smoke-repair/repair-agent';
import type { SmokeOutcome } from './loop-deps.js';
import { budgetRanOut } from './loop-state.js';
import { trial, type TrialContext, type TrialOutcome } from './trial.js';

/** What isolation needs from the loop; the workspace must be at the round's good checkpoint, the app running on it. */
export interface IsolationContext extends Omit<TrialContext, 'judge' | 'label'> {
  /** False once the time budget is spent: the patches not yet tried stay out. */
  readonly hasTime: () => boolean;
  /** The verdict on a patch from the smoke after it alone (its own root cause); default: accepted. */
  readonly judge?: TrialContext['judge'];
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
  /** Why each patch that is not kept was left out, by patch id. */
  readonly reasons: ReadonlyMap<string, string>;
  /** The rule of each verdict, by patch id (`no-restart`, `build-failed`, `broke-passing`, the judge's rules). */
  readonly rules: ReadonlyMap<string, string>;
}

/** Tries `patches` one at a time on top of `base` (see the module comment). */
export async function isolateRegression(
  patches: readonly RepairPatch[],
  base: SmokeOutcome,
  ctx: IsolationContext,
): Promise<Isolation> {
  const kept: RepairPatch[] = [];
  const regressed: RepairPatch[] = [];
  const untried: RepairPatch[] = [];
  const conflicted: RepairPatch[] = [];
  const rejected: RepairPatch[] = [];
  const reasons = new Map<string, string>();
  const rules = new Map<string, string>();
  const judge = ctx.judge ?? (() => ({ accepted: true, rule: 'passes' as const, detail: 'accepted' }));
  let last = base;
  for (const patch of patches) {
    if (budgetRanOut(ctx.signal) || !ctx.hasTime()) {
      untried.push(patch);
      reasons.set(patch.id, 'no time left to try it on its own');
      continue;
    }
    ctx.signal?.throwIfAborted();
    const before = ctx.workspace.checkpoint();
    let tried: TrialOutcome;
    try {
      tried = await trial([patch], last, { ...ctx, judge, label: 'alone: ' });
    } catch (error) {
      if (!budgetRanOut(ctx.signal)) throw error;
      const undone = await ctx.workspace.rollback(before);
      ctx.emit({
        type: 'rollback',
        iteration: ctx.iteration,
        patches: undone,
        detail: `isolated: the time budget ran out while ${patch.id} was tried on its own`,
      });
      untried.push(patch);
      reasons.set(patch.id, 'the time budget ran out while it was tried on its own');
      continue;
    }
    if (tried.kind === 'empty') {
      conflicted.push(patch);
      reasons.set(patch.id, 'no longer applies without a patch rolled back before it');
      rules.set(patch.id, 'conflict');
    } else if (tried.kind === 'build-failed') {
      // It does not compile: rejected (the compiler says why), never a regression.
      rejected.push(patch);
      reasons.set(patch.id, `the build failed: ${tried.detail}`);
      rules.set(patch.id, 'build-failed');
    } else if (tried.kind === 'no-restart') {
      regressed.push(patch);
      reasons.set(patch.id, `kept the app from restarting (${tried.detail})`);
      rules.set(patch.id, 'no-restart');
    } else if (tried.kind === 'regressed') {
      regressed.push(patch);
      reasons.set(patch.id, `broke ${tried.regressed.join(', ') || 'passing scenarios'}`);
      rules.set(patch.id, 'broke-passing');
    } else {
      const verdict = tried.verdicts.get(patch.id)!;
      rules.set(patch.id, verdict.rule);
      if (!verdict.accepted) {
        const undone = await ctx.workspace.rollback(tried.checkpoint);
        ctx.emit({
          type: 'rollback',
          iteration: ctx.iteration,
          patches: undone,
          detail: `isolated: ${patch.id} rejected: ${verdict.detail}`,
        });
        // Rolled back and judged: a restart the budget cuts short changes neither (the rest go untried).
        await ctx.restart().catch((error: unknown) => {
          if (!budgetRanOut(ctx.signal)) throw error;
        });
        rejected.push(patch);
        reasons.set(patch.id, verdict.detail);
        continue;
      }
      kept.push(patch);
      last = tried.after;
      ctx.emit({
        type: 'verdict',
        iteration: ctx.iteration,
        kept: true,
        detail: `isolated: ${patch.id} kept on its own`,
      });
    }
  }
  return { kept, regressed, untried, conflicted, rejected, last, reasons, rules };
}
