/**
 * One trial of candidate patches: apply them on top of the tree as it is, restart the app, smoke
 * it (a suspected regression confirmed by a fresh rerun), and judge each candidate on its own
 * root cause. The normal round and regression isolation both run their candidates through it.
 */
import type { RepairPatch } from '@smoke-repair/repair-agent';
import type { Workspace } from '../workspace/workspace.js';
import type { LoopEvent } from './events.js';
import type { PatchVerdict } from './judge-patch.js';
import type { SmokeOutcome } from './loop-deps.js';
import { findRegressions } from './summarize.js';
import { isLoopError } from '../errors.js';

/** What a trial needs; the app must be running the tree as it is. */
export interface TrialContext {
  readonly iteration: number;
  readonly workspace: Workspace;
  readonly restart: () => Promise<void>;
  /** One smoke run (`rerun`: the confirmation of a suspected regression). */
  readonly smoke: (rerun: boolean) => Promise<SmokeOutcome>;
  readonly confirmRegressions: boolean;
  readonly emit: (event: LoopEvent) => void;
  /** The verdict on a candidate from the smokes before and after it. */
  readonly judge: (patch: RepairPatch, before: SmokeOutcome, after: SmokeOutcome) => PatchVerdict;
  /** How events name this trial (`alone: ` during isolation). */
  readonly label?: string;
  /**
   * The tree is thrown away after the trial (a lane): nothing is rolled back and the app is not
   * brought back after a failed restart or a regression.
   */
  readonly disposable?: boolean;
  readonly signal?: AbortSignal;
}

interface Tried {
  /** The workspace checkpoint before the trial: rolling back to it undoes the trial. */
  readonly checkpoint: number;
  /** The patches that applied (in the tree unless the trial rolled them back). */
  readonly applied: readonly RepairPatch[];
  /** Patches that no longer apply on this tree (written on top of one rolled back). */
  readonly conflicts: readonly RepairPatch[];
}

/**
 * `empty`: nothing applied. `no-restart`: the app did not come back (rolled back, restarted).
 * `build-failed`: `app.build` failed on the patched code, `detail` the compiler's message
 * (rolled back, rebuilt, restarted).
 * `regressed`: passing scenarios fail, confirmed (rolled back, restarted). `judged`: the
 * patches are in the tree and the app runs them; each has its verdict.
 */
export type TrialOutcome = Tried &
  (
    | { readonly kind: 'empty' }
    | { readonly kind: 'no-restart'; readonly detail: string }
    | { readonly kind: 'build-failed'; readonly detail: string }
    | {
        readonly kind: 'regressed';
        readonly after: SmokeOutcome;
        readonly regressed: readonly string[];
        readonly flaky: readonly string[];
      }
    | {
        readonly kind: 'judged';
        readonly after: SmokeOutcome;
        readonly verdicts: ReadonlyMap<string, PatchVerdict>;
        readonly flaky: readonly string[];
      }
  );

/** Tries `patches` on top of `base` (see the module comment). */
export async function trial(
  patches: readonly RepairPatch[],
  base: SmokeOutcome,
  ctx: TrialContext,
): Promise<TrialOutcome> {
  const label = ctx.label ?? '';
  const checkpoint = ctx.workspace.checkpoint();
  const applied: RepairPatch[] = [];
  const conflicts: RepairPatch[] = [];
  for (const patch of patches) {
    ctx.signal?.throwIfAborted();
    try {
      await ctx.workspace.apply(patch);
    } catch (error) {
      // The workspace checks before it writes: a conflict leaves the tree as it was.
      if (!isLoopError(error, 'SMOKE_LOOP_PATCH_CONFLICT')) throw error;
      conflicts.push(patch);
      continue;
    }
    applied.push(patch);
    ctx.emit({
      type: 'patch-applied',
      iteration: ctx.iteration,
      patchId: patch.id,
      summary: `${label}${patch.summary}`,
      files: patch.files,
    });
  }
  const tried = { checkpoint, applied, conflicts };
  if (applied.length === 0) return { ...tried, kind: 'empty' };
  ctx.signal?.throwIfAborted();
  try {
    await ctx.restart();
  } catch (error) {
    if (ctx.signal?.aborted) throw error;
    // The patched app does not come back (a syntax error, a bad import) or does not compile (a
    // type error, `app.build`): undo, and bring it back.
    const detail = (error as Error).message ?? String(error);
    const kind = isLoopError(error, 'SMOKE_LOOP_BUILD_FAILED') ? 'build-failed' : 'no-restart';
    const what = kind === 'build-failed' ? 'the patched code did not build' : 'the app did not restart';
    ctx.emit({
      type: 'restart',
      iteration: ctx.iteration,
      ok: false,
      detail: `${label}${what}${kind === 'build-failed' ? '' : ' on the patched code'}: ${detail}`,
    });
    if (ctx.disposable) return { ...tried, kind, detail };
    const undone = await ctx.workspace.rollback(checkpoint);
    ctx.emit({ type: 'rollback', iteration: ctx.iteration, patches: undone, detail: `${label}${what}` });
    await ctx.restart();
    return { ...tried, kind, detail };
  }
  ctx.signal?.throwIfAborted();
  ctx.emit({
    type: 'restart',
    iteration: ctx.iteration,
    ok: true,
    detail: `${label}app restarted on the patched code`,
  });
  let after = await ctx.smoke(false);
  // A smoke cut short by Ctrl-C says nothing about the patches: stop before judging them.
  ctx.signal?.throwIfAborted();
  let check = findRegressions(base.result, after.result);
  let flaky: string[] = [];
  if ((check.regressed.length > 0 || check.fewerPasses) && ctx.confirmRegressions) {
    // The confirming rerun starts from the same data as the smoke it checks (a fresh start).
    await ctx.restart();
    ctx.signal?.throwIfAborted();
    const rerun = await ctx.smoke(true);
    ctx.signal?.throwIfAborted();
    const recheck = findRegressions(base.result, rerun.result);
    flaky = check.regressed.filter((id) => !recheck.regressed.includes(id));
    after = rerun;
    check = recheck;
  }
  if ((check.regressed.length > 0 || check.fewerPasses) && ctx.disposable)
    return { ...tried, kind: 'regressed', after, regressed: check.regressed, flaky };
  if (check.regressed.length > 0 || check.fewerPasses) {
    const undone = await ctx.workspace.rollback(checkpoint);
    ctx.emit({
      type: 'rollback',
      iteration: ctx.iteration,
      patches: undone,
      detail: `${label}regression: ${check.regressed.join(', ') || 'fewer passes'}`,
    });
    await ctx.restart();
    return { ...tried, kind: 'regressed', after, regressed: check.regressed, flaky };
  }
  const verdicts = new Map(applied.map((patch) => [patch.id, ctx.judge(patch, base, after)] as const));
  return { ...tried, kind: 'judged', after, verdicts, flaky };
}
