import type { FunctionSummary } from '../../python/module-summary.js';
import { remapCulprit } from '../../recipes/remap-culprit.js';
import { treeFrames } from '../../recipes/tree-frames.js';
import type { TemplateContext } from '../template.js';

/** One in-app frame of the trace as the current tree has it: file, line and enclosing function. */
export interface RequestFrame {
  readonly file: string;
  readonly line: number;
  readonly fn: FunctionSummary;
}

/**
 * The trace's in-app frames, innermost first (the culprit's own frame when the trace has none):
 * the request's path through the app. Lines are mapped through earlier patches of the round.
 */
export async function requestFrames({ cause, culprit, tree, python }: TemplateContext): Promise<RequestFrame[]> {
  const located = treeFrames(cause, await tree.list());
  if (located.length === 0 && culprit) located.push({ file: culprit.file, line: culprit.line });
  const out: RequestFrame[] = [];
  for (const at of located) {
    const line = (await remapCulprit(tree, at))!.line;
    const fn = await python.functionAt(at.file, line);
    if (fn && !out.some((o) => o.fn === fn && o.file === at.file)) out.push({ file: at.file, line, fn });
  }
  return out;
}
