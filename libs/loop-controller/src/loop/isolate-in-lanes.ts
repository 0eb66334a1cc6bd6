/**
 * Regression isolation across lanes (`loop.parallelism` > 1): each patch of a round that made
 * things worse is tried alone in its own throwaway copy of the app at the last good checkpoint,
 * as many at once as there are lanes, instead of one after another in the loop's own copy. The
 * patches that pass alone are then tried together in the loop's copy — one trial, whose smoke is
 * the next baseline — and kept when every one of them is accepted there too.
 *
 * A lane's verdict is final when the lane ran the app: the patch regressed, or was judged on its
 * own root cause, or did not build. A single patch that passed alone is brought over as it is:
 * its lane's smoke is the smoke of exactly the tree it makes. When the lane's app did not come up
 * at all — which may be the lane's fault (an app that ignores its port) rather than the patch's —
 * the patch is tried again in the loop's copy, one at a time, as is everything when the patches
 * that passed alone fail together.
 */
import type { RepairPatch } from '@smoke-repair/repair-agent';
import { isolateRegression, type Isolation, type IsolationContext } from './isolate-regression.js';
import type { SmokeOutcome, TrialLane, TrialLanes } from './loop-deps.js';
import { budgetRanOut } from './loop-state.js';
import { trial, type TrialContext, type TrialOutcome } from './trial.js';

/** What lane isolation needs on top of sequential isolation's context. */
export interface LaneIsolationContext extends IsolationContext {
  readonly lanes: TrialLanes;
  /** The trial context of one lane (its workspace, restart and smoke; disposable). */
  readonly laneContext: (lane: TrialLane) => TrialContext;
}

const acceptAll: TrialContext['judge'] = () => ({ accepted: true, rule: 'passes', detail: 'accepted' });

type Alone = TrialOutcome | { readonly kind: 'untried'; readonly reason: string } | { readonly kind: 'no-lane' };

/** Tries `patches` alone in lanes, then the good ones together (see the module comment). */
export async function isolateInLanes(
  patches: readonly RepairPatch[],
  base: SmokeOutcome,
  ctx: LaneIsolationContext,
): Promise<Isolation> {
  const alone = await tryAlone(patches, base, ctx);
  const verdicts = new Verdicts();
  const passed: RepairPatch[] = [];
  const again: RepairPatch[] = [];
  for (const patch of patches) {
    const outcome = alone.get(patch.id)!;
    if (outcome.kind === 'untried') verdicts.untried(patch, outcome.reason);
    else if (outcome.kind === 'no-restart' || outcome.kind === 'empty' || outcome.kind === 'no-lane') again.push(patch);
    else if (outcome.kind === 'build-failed')
      verdicts.rejected(patch, 'build-failed', `the build failed: ${outcome.detail}`);
    else if (outcome.kind === 'regressed')
      verdicts.regressed(
        patch,
        'broke-passing',
        `broke ${outcome.regressed.join(', ') || 'passing scenarios'} on its own`,
      );
    else {
      const verdict = outcome.verdicts.get(patch.id)!;
      if (verdict.accepted) passed.push(patch);
      else verdicts.rejected(patch, verdict.rule, verdict.detail);
    }
  }
  let last = base;
  if (passed.length === 1 && again.length === 0) {
    // Its lane's smoke is the smoke of exactly this tree: brought over, it needs no second one.
    const [patch] = passed as [RepairPatch];
    const outcome = alone.get(patch.id) as Extract<TrialOutcome, { kind: 'judged' }>;
    await ctx.workspace.apply(patch);
    ctx.emit({
      type: 'patch-applied',
      iteration: ctx.iteration,
      patchId: patch.id,
      summary: `lanes: kept: ${patch.summary}`,
      files: patch.files,
    });
    await ctx.restart();
    verdicts.kept(patch, outcome.verdicts.get(patch.id)!.rule);
    ctx.emit({ type: 'verdict', iteration: ctx.iteration, kept: true, detail: `lanes: ${patch.id} kept on its own` });
    return verdicts.result(outcome.after);
  }
  if (passed.length > 0) {
    const together = await trial(passed, base, { ...ctx, judge: ctx.judge ?? acceptAll, label: 'lanes: together: ' });
    const allAccepted =
      together.kind === 'judged' &&
      together.conflicts.length === 0 &&
      passed.every((p) => together.verdicts.get(p.id)?.accepted);
    if (allAccepted) {
      for (const patch of passed) verdicts.kept(patch, together.verdicts.get(patch.id)!.rule);
      last = together.after;
      ctx.emit({
        type: 'verdict',
        iteration: ctx.iteration,
        kept: true,
        detail: `lanes: ${passed.map((p) => p.id).join(', ')} kept together`,
      });
    } else {
      if (together.kind === 'judged') {
        // Fine alone, not together: back to the good checkpoint, and one at a time from there.
        const undone = await ctx.workspace.rollback(together.checkpoint);
        ctx.emit({
          type: 'rollback',
          iteration: ctx.iteration,
          patches: undone,
          detail: 'lanes: the patches that passed alone did not pass together',
        });
        await ctx.restart();
      }
      again.unshift(...passed);
    }
  }
  if (again.length === 0) return verdicts.result(last);
  const ordered = patches.filter((p) => again.includes(p));
  const sequential = await isolateRegression(ordered, last, ctx);
  return verdicts.merge(sequential);
}

// Every patch alone, `lanes.size` at a time; a lane is always closed.
async function tryAlone(
  patches: readonly RepairPatch[],
  base: SmokeOutcome,
  ctx: LaneIsolationContext,
): Promise<Map<string, Alone>> {
  const outcomes = new Map<string, Alone>();
  const queue = [...patches];
  const worker = async () => {
    for (let patch = queue.shift(); patch; patch = queue.shift()) {
      if (budgetRanOut(ctx.signal) || !ctx.hasTime()) {
        outcomes.set(patch.id, { kind: 'untried', reason: 'no time left to try it on its own' });
        continue;
      }
      ctx.signal?.throwIfAborted();
      let lane: TrialLane;
      try {
        lane = await ctx.lanes.open();
      } catch (error) {
        if (budgetRanOut(ctx.signal)) throw error;
        // No copy (a full disk, no free port): the patch is tried in the loop's own copy instead.
        ctx.emit({
          type: 'warning',
          detail: `no lane for ${patch.id}: ${(error as Error).message}; it is tried in the loop's copy`,
        });
        outcomes.set(patch.id, { kind: 'no-lane' });
        continue;
      }
      try {
        outcomes.set(patch.id, await trial([patch], base, ctx.laneContext(lane)));
      } catch (error) {
        if (!budgetRanOut(ctx.signal)) throw error;
        outcomes.set(patch.id, { kind: 'untried', reason: 'the time budget ran out while it was tried on its own' });
      } finally {
        await lane.close();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(ctx.lanes.size, patches.length) }, worker));
  return outcomes;
}

// The verdicts as `Isolation` reports them.
class Verdicts {
  private readonly lists = {
    kept: [] as RepairPatch[],
    regressed: [] as RepairPatch[],
    untried: [] as RepairPatch[],
    conflicted: [] as RepairPatch[],
    rejected: [] as RepairPatch[],
  };
  private readonly reasons = new Map<string, string>();
  private readonly rules = new Map<string, string>();

  kept(patch: RepairPatch, rule: string): void {
    this.lists.kept.push(patch);
    this.rules.set(patch.id, rule);
  }
  rejected(patch: RepairPatch, rule: string, reason: string): void {
    this.add('rejected', patch, reason, rule);
  }
  regressed(patch: RepairPatch, rule: string, reason: string): void {
    this.add('regressed', patch, reason, rule);
  }
  untried(patch: RepairPatch, reason: string): void {
    this.add('untried', patch, reason);
  }
  result(last: SmokeOutcome): Isolation {
    return { ...this.lists, last, reasons: this.reasons, rules: this.rules };
  }
  merge(later: Isolation): Isolation {
    const lists = this.lists;
    return {
      kept: [...lists.kept, ...later.kept],
      regressed: [...lists.regressed, ...later.regressed],
      untried: [...lists.untried, ...later.untried],
      conflicted: [...lists.conflicted, ...later.conflicted],
      rejected: [...lists.rejected, ...later.rejected],
      last: later.last,
      reasons: new Map([...this.reasons, ...later.reasons]),
      rules: new Map([...this.rules, ...later.rules]),
    };
  }
  private add(list: 'rejected' | 'regressed' | 'untried', patch: RepairPatch, reason: string, rule?: string): void {
    this.lists[list].push(patch);
    this.reasons.set(patch.id, reason);
    if (rule) this.rules.set(patch.id, rule);
  }
}
