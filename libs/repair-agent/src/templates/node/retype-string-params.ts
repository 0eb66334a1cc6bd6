import { replaceRange } from '../../node/js-edits.js';
import type { NodeProject } from '../../node/node-project.js';
import { resolveFunction } from '../../node/resolve-function.js';
import { TS_FILE } from '../../node/ts-ast.js';
import type { SourceTree } from '../../source/source-tree.js';

/** A call the handler now hands a number: the callee as written and the argument's position. */
export interface NumberArgument {
  readonly callee: string;
  readonly index: number;
}

/**
 * In TypeScript the lookup a handler now hands `Number(req.params.dockId)` may declare the
 * parameter as the string Express gave (`getDock(dockId: string)`), and tsc then refuses the
 * conversion. The records' ids are numbers (that is why the lookup missed), so the parameter
 * becomes `number` where the callee declares it; what the callee does with it is the compiler's
 * to check (a parameter used as text fails the build, and the candidate is rejected). Only a
 * project TypeScript function found through the handler file's imports, and only a parameter
 * annotated exactly `string`. Writes the retyped files; returns their paths.
 */
export async function retypeStringParams(
  project: NodeProject,
  tree: SourceTree,
  file: string,
  args: readonly NumberArgument[],
): Promise<string[]> {
  if (!TS_FILE.test(file)) return [];
  const edits = new Map<string, { start: number; end: number; text: string }[]>();
  for (const { callee, index } of args) {
    const target = await resolveFunction(project, file, callee);
    const name = target?.fn.params[index];
    if (!target || !name || !TS_FILE.test(target.file) || target.file === file) continue;
    const source = await tree.read(target.file);
    if (source === null) continue;
    // The parameter list lies between the function's start and its body.
    const head = source.slice(target.fn.start, target.fn.bodyStart);
    const match = new RegExp(`(?<![\\w$])${escape(name)}\\s*:\\s*string(?=\\s*[,)=])`).exec(head);
    if (!match) continue;
    const start = target.fn.start + match.index;
    const list = edits.get(target.file) ?? [];
    if (!list.some((e) => e.start === start))
      list.push({ start, end: start + match[0].length, text: `${name}: number` });
    edits.set(target.file, list);
  }
  for (const [target, list] of edits) {
    let patched = (await tree.read(target))!;
    for (const e of list.sort((a, b) => b.start - a.start)) patched = replaceRange(patched, e.start, e.end, e.text);
    await tree.write(target, patched);
  }
  return [...edits.keys()];
}

function escape(name: string): string {
  return name.replace(/[$]/g, '\\$');
}
