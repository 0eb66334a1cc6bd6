import { replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { frameSources } from './frame-sources.js';
import { isFunction, propertyName } from './object-keys.js';

const ID = 'node.pending-argument';
// How many awaited calls elsewhere make a function that is not `async` one that answers a Promise.
const AWAITED_ELSEWHERE = 2;

/**
 * A Promise handed on as if it were the value: `const species = speciesService.getSpecies(id)`
 * (one of the project's async functions, not awaited) passed to `estimate(tree, species)`, whose
 * reads of it find nothing and fail further in (`Error: unknown growth rate: undefined`) → await
 * the initialiser. Only a `const` of an `async` function, set to a call of a project async function
 * by name, passed as an argument on the line of one of the trace's in-app frames, never awaited or
 * `.then`-ed in that function. A function that is not `async` but hands back a memoised Promise
 * (`connection()` returning the pending one) counts when the project awaits its calls elsewhere.
 */
export const nodePendingArgument: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'await the async call whose Promise a function is handed as its value',
  evidence: { kinds: ['runtime_error', 'crash'] },
  async *candidates({ cause, tree, node: given }) {
    const asyncNames = await (given ?? nodeProjectFor(tree)).asyncNames();
    let awaited: Map<string, number> | undefined;
    for await (const { file, line, source, program } of frameSources(cause.trace, tree, true)) {
      const where = { file, line };
      const passed = new Set<string>();
      for (const { node } of walk(program)) {
        const [first, last] = linesOf(node);
        if (node.type !== 'CallExpression' || first > where.line || where.line > last) continue;
        for (const arg of node['arguments'] as EsNode[])
          if (arg.type === 'Identifier') passed.add(arg['name'] as string);
      }
      for (const { node, ancestors } of walk(program)) {
        if (node.type !== 'VariableDeclarator' || !passed.has((node['id'] as EsNode)['name'] as string)) continue;
        const init = node['init'] as EsNode | null;
        const fn = [...ancestors].reverse().find(isFunction);
        if (!init || init.type !== 'CallExpression' || !fn?.['async']) continue;
        const [fnFirst, fnLast] = linesOf(fn);
        if (where.line < fnFirst || where.line > fnLast) continue;
        const callee = init['callee'] as EsNode;
        const name = callee.type === 'Identifier' ? (callee['name'] as string) : propertyName(callee);
        const local = (node['id'] as EsNode)['name'] as string;
        const body = source.slice(...spanOf(fn));
        if (!name || new RegExp(`await\\s+${local}\\b|\\b${local}\\.then\\(`).test(body)) continue;
        awaited ??= await awaitedCallees(tree);
        if (!asyncNames.has(name) && (awaited.get(name) ?? 0) < AWAITED_ELSEWHERE) continue;
        const [start] = spanOf(init);
        await tree.write(where.file, replaceRange(source, start, start, 'await '));
        yield {
          key: ID,
          summary: `await ${name}(…) before handing ${local} on (${where.file}:${linesOf(node)[0]})`,
          template: { recipe: ID },
        };
        return;
      }
    }
  },
};

// How often the project's sources call each function name under `await` (`await connection()`).
async function awaitedCallees(tree: Pick<SourceTree, 'list' | 'read'>): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const file of await projectSourceFiles(tree)) {
    const source = await tree.read(file);
    const program = source === null || !source.includes('await') ? null : parseFile(file, source);
    if (!program) continue;
    for (const { node } of walk(program)) {
      const call = node.type === 'AwaitExpression' ? (node['argument'] as EsNode) : undefined;
      if (call?.type !== 'CallExpression') continue;
      const callee = call['callee'] as EsNode;
      const name = callee.type === 'Identifier' ? (callee['name'] as string) : propertyName(callee);
      if (name) out.set(name, (out.get(name) ?? 0) + 1);
    }
  }
  return out;
}
