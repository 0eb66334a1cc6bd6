import type { LoopEvent } from '../loop/events.js';
import type { LoopDeps, SmokeOutcome } from '../loop/loop-deps.js';
import type { RollbackRecord } from './loop-html-parts.js';

/** What the loop did beyond its result, for loop.html: diffs, rollbacks, every smoke outcome. */
export interface LoopRecording {
  /** Patch id → the diff applied. */
  readonly diffs: Map<string, string>;
  readonly rollbacks: RollbackRecord[];
  /** Every smoke run, in order (baseline first). */
  readonly smokes: SmokeOutcome[];
}

/**
 * Wraps the loop's ports to record what the report needs, without changing what they do:
 * `workspace.apply` (the diff of each patch), `smoke` (its outcome) and `onEvent` (rollbacks).
 */
export function recordLoop(deps: LoopDeps): { deps: LoopDeps; recording: LoopRecording } {
  const recording: LoopRecording = { diffs: new Map(), rollbacks: [], smokes: [] };
  const workspace = deps.workspace;
  const onEvent = deps.onEvent;
  const wrapped: LoopDeps = {
    ...deps,
    async smoke(request) {
      const outcome = await deps.smoke(request);
      recording.smokes.push(outcome);
      return outcome;
    },
    workspace: {
      async apply(patch) {
        await workspace.apply(patch);
        recording.diffs.set(patch.id, patch.diff);
      },
      checkpoint: () => workspace.checkpoint(),
      rollback: (to) => workspace.rollback(to),
      acceptedDiff: () => workspace.acceptedDiff(),
      changedFiles: () => workspace.changedFiles(),
      close: () => workspace.close(),
    },
    onEvent(event: LoopEvent) {
      if (event.type === 'rollback') recording.rollbacks.push({ iteration: event.iteration, patches: [...event.patches], detail: event.detail });
      onEvent?.(event);
    },
  };
  return { deps: wrapped, recording };
}
