import type { LoopEvent } from '../loop/events.js';
import type { LoopDeps, SmokeOutcome } from '../loop/loop-deps.js';
import type { Workspace } from '../workspace/workspace.js';
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
  const recorded = (inner: Workspace): Workspace => ({
    async apply(patch) {
      await inner.apply(patch);
      recording.diffs.set(patch.id, patch.diff);
    },
    checkpoint: () => inner.checkpoint(),
    rollback: (to) => inner.rollback(to),
    acceptedDiff: () => inner.acceptedDiff(),
    changedFiles: () => inner.changedFiles(),
    close: () => inner.close(),
  });
  const lanes = deps.lanes;
  const wrapped: LoopDeps = {
    ...deps,
    async smoke(request) {
      const outcome = await deps.smoke(request);
      recording.smokes.push(outcome);
      return outcome;
    },
    workspace: recorded(workspace),
    // A patch tried only in a lane still has its diff in the report.
    ...(lanes
      ? {
          lanes: {
            size: lanes.size,
            async open() {
              const lane = await lanes.open();
              return {
                id: lane.id,
                workspace: recorded(lane.workspace),
                restart: () => lane.restart(),
                smoke: (request) => lane.smoke(request),
                close: () => lane.close(),
              };
            },
          },
        }
      : {}),
    onEvent(event: LoopEvent) {
      if (event.type === 'rollback')
        recording.rollbacks.push({ iteration: event.iteration, patches: [...event.patches], detail: event.detail });
      onEvent?.(event);
    },
  };
  return { deps: wrapped, recording };
}
