import type { StackFrame } from './types.js';

/**
 * The most frames one exception keeps (of the reported exception, and of each cause, group
 * member and suppressed exception, each on its own). Deeper stacks (runaway recursion, a
 * 2-million-frame trace) keep the outermost and innermost frames and the innermost in-app
 * frames; `framesDropped` says how many went.
 */
export const MAX_FRAMES_PER_TRACE = 200;

/** Of a capped stack, how many outermost frames (the entry points) are always kept. */
export const OUTERMOST_FRAMES_KEPT = 20;

/** Of a capped stack, how many innermost frames (the raise site and its callers) are always kept. */
export const INNERMOST_FRAMES_KEPT = 20;

/** Frames kept from a stack, in their order, and how many were left out. */
export interface CappedFrames {
  readonly frames: StackFrame[];
  readonly dropped: number;
}

/**
 * Bounds a stack (outermost first) to `max` frames. Kept, by priority: the outermost
 * `OUTERMOST_FRAMES_KEPT`, the innermost `INNERMOST_FRAMES_KEPT`, then in-app frames from the
 * innermost outwards (the culprit is the innermost in-app frame, so it is always kept), then any
 * frame from the innermost outwards. A stack within the bound is returned as it is.
 */
export function capFrames(frames: StackFrame[], max = MAX_FRAMES_PER_TRACE): CappedFrames {
  if (frames.length <= max) return { frames, dropped: 0 };
  const keep = new Uint8Array(frames.length);
  let kept = 0;
  const take = (index: number): void => {
    if (kept < max && keep[index] === 0) {
      keep[index] = 1;
      kept++;
    }
  };
  for (let i = 0; i < Math.min(OUTERMOST_FRAMES_KEPT, frames.length); i++) take(i);
  for (let i = frames.length - 1; i >= Math.max(0, frames.length - INNERMOST_FRAMES_KEPT); i--) take(i);
  for (let i = frames.length - 1; i >= 0 && kept < max; i--) if (frames[i]!.inApp) take(i);
  for (let i = frames.length - 1; i >= 0 && kept < max; i--) take(i);
  return { frames: frames.filter((_, i) => keep[i] === 1), dropped: frames.length - kept };
}
