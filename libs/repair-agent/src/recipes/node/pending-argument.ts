import type { JsCall, JsFunction } from '../../node/js-module.js';
import type { NodeProject } from '../../node/node-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RootCause } from '../../types.js';
import type { CulpritLocation } from '../recipe.js';
import { remapCulprit } from '../remap-culprit.js';
import { treeFrames } from '../tree-frames.js';
import { culpritModule, enclosingFunctions } from './scope.js';

/** An unawaited call found in a caller of the failing function, with the file it is in. */
export interface PendingInCaller {
  readonly file: string;
  readonly source: string;
  readonly fn: JsFunction;
  readonly call: JsCall;
}

/**
 * The Promise was handed to the failing function as an argument: `toDto(row)` fails on
 * `row.tags`, `row` is its parameter, and its caller (the next in-app frame of the trace) passed
 * `piece`, assigned a line earlier from an unawaited call of the project's async function
 * (`const piece = service.getById(id)`). The call to await is in the caller, not where it failed.
 */
export async function pendingInCaller(
  cause: RootCause,
  tree: SourceTree,
  node: NodeProject,
  failing: { readonly fn: JsFunction; readonly culprit: CulpritLocation; readonly roots: readonly string[] },
  pending: (call: JsCall, source: string, line: number) => boolean,
): Promise<PendingInCaller | undefined> {
  const index = failing.fn.params.findIndex((p) => failing.roots.includes(p));
  if (index < 0 || !failing.fn.name) return undefined;
  const frames = treeFrames(cause, await tree.list());
  const own = frames.findIndex((f) => f.file === failing.culprit.file);
  const outer = own < 0 ? undefined : frames[own + 1];
  if (!outer) return undefined;
  const at = (await remapCulprit(tree, outer))!;
  const module = await culpritModule(node, at.file);
  const source = await tree.read(at.file);
  if (!module || source === null) return undefined;
  for (const fn of enclosingFunctions(module, at.line).reverse()) {
    const passing = fn.calls.filter((c) => c.name === failing.fn.name && c.line <= at.line && at.line <= c.endLine);
    for (const call of passing) {
      const arg = call.args[index]?.text;
      if (!arg || !/^[A-Za-z_$][\w$]*$/.test(arg)) continue;
      const made = fn.calls
        .filter((c) => c.assignedTo === arg && c.line <= at.line && pending(c, source, at.line))
        .sort((a, b) => b.start - a.start)[0];
      if (made) return { file: at.file, source, fn, call: made };
    }
  }
  return undefined;
}
