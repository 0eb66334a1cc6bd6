import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { linesOf, parseFile, pathOf, spanOf, walk, type EsNode } from './estree.js';

const ID = 'node.promise-all-array';
const COMBINATORS = new Set(['Promise.all', 'Promise.allSettled', 'Promise.race', 'Promise.any']);

/**
 * `Promise.all(a, b)`: the combinators take one iterable, so the first promise is iterated and
 * the call rejects with `TypeError: object is not iterable` on the failing line → the arguments
 * become the array they were meant to be, `Promise.all([a, b])`, in the same order (the
 * destructuring that reads the results keeps its meaning). Only with two or more plain arguments:
 * a single argument that is not iterable is another bug.
 */
export const nodePromiseAllArray: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'pass the promises of Promise.all/allSettled/race/any as one array',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    if (!culprit || !/is not iterable/.test(exception?.message ?? '')) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    for (const { node } of walk(program)) {
      if (node.type !== 'CallExpression' || !COMBINATORS.has(pathOf(node['callee'] as EsNode) ?? '')) continue;
      const [first, last] = linesOf(node);
      const args = node['arguments'] as EsNode[];
      if (
        culprit.line < first ||
        culprit.line > last ||
        args.length < 2 ||
        args.some((a) => a.type === 'SpreadElement')
      )
        continue;
      const [, calleeEnd] = spanOf(node['callee'] as EsNode);
      const [, callEnd] = spanOf(node);
      const open = source.indexOf('(', calleeEnd);
      const close = source.lastIndexOf(')', callEnd);
      if (open < 0 || close <= open) continue;
      const updated = replaceRange(replaceRange(source, close, close, ']'), open + 1, open + 1, '[');
      await tree.write(culprit.file, updated);
      yield {
        key: ID,
        summary: `${pathOf(node['callee'] as EsNode)!}([...]) at ${culprit.file}:${first}`,
        template: { recipe: ID },
      };
      return;
    }
  },
};
