import type { StackTrace } from '@smoke-repair/log-parser';
import type { SourceTree } from '../../source/source-tree.js';
import { frameSources, type FrameSource } from './frame-sources.js';

/**
 * The first in-app caller of a failing helper (`toIsoDate(due)` calling `date.toISOString()`): a
 * `RangeError: Invalid time value` raised on a Date the helper was handed was made by its caller, so
 * that frame's line (and the locals it reads) is where the Date's making is looked for. Only the one
 * frame above: a Date passed on through more helpers is no longer evidence of where it was made.
 */
export async function dateCaller(trace: StackTrace | null, tree: SourceTree): Promise<FrameSource[]> {
  for await (const frame of frameSources(trace, tree, true)) return [frame];
  return [];
}
