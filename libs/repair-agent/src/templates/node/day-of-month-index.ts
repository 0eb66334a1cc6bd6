import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { linesOf, parseFile, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';

const ID = 'node.day-of-month-index';
const DAY = new Set(['getDate', 'getUTCDate']);

/**
 * A day of the month (`getUTCDate()`/`getDate()`, 1 to 31) used as the index of an array the
 * function built with one slot per day from 0 (`Array.from({ length: daysInMonth }, …)`,
 * `new Array(n)`): the last day reads past the end (`Cannot read properties of undefined
 * (reading 'trips')` on `buckets[d.getUTCDate()].trips`, or after `const bucket = buckets[…]`),
 * and every other day lands one slot late → `buckets[d.getUTCDate() - 1]`. Not for an array made
 * one longer (`length: n + 1`, a slot 0 left unused) or one the function did not build.
 */
export const nodeDayOfMonthIndex: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'index a per-day array by day of month - 1',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    const prop = /^Cannot read properties of undefined \(reading '([^']+)'\)/.exec(exception?.message ?? '')?.[1];
    const source = culprit && prop ? await tree.read(culprit.file) : null;
    const program = source !== null && culprit ? parseFile(culprit.file, source) : null;
    if (!culprit || !program || source === null) return;
    const onLine = new Set<string>();
    for (const { node } of walk(program)) if (linesOf(node)[0] === culprit.line && node.type === 'MemberExpression' && (node['property'] as EsNode)['name'] === prop) onLine.add(textOf(source, node['object'] as EsNode));
    for (const { node, ancestors } of walk(program)) {
      if (node.type !== 'MemberExpression' || !node['computed'] || !isDayOfMonth(node['property'] as EsNode)) continue;
      const parent = ancestors.at(-1);
      const local = parent?.type === 'VariableDeclarator' && (parent['id'] as EsNode).type === 'Identifier' ? ((parent['id'] as EsNode)['name'] as string) : null;
      const read = onLine.has(textOf(source, node)) || (local !== null && onLine.has(local) && linesOf(node)[0] < culprit.line);
      const array = pathOf(node['object'] as EsNode);
      const fn = [...ancestors].reverse().find(isFunction);
      if (!read || !array || !fn || !builtPerDay(fn, array, source)) continue;
      const end = spanOf(node['property'] as EsNode)[1];
      await tree.write(culprit.file, replaceRange(source, end, end, ' - 1'));
      yield { key: ID, summary: `index ${array} by day of month - 1 (${culprit.file}:${linesOf(node)[0]})`, template: { recipe: ID } };
      return;
    }
  },
};

function isDayOfMonth(index: EsNode): boolean {
  const callee = index.type === 'CallExpression' ? (index['callee'] as EsNode) : null;
  return callee?.type === 'MemberExpression' && DAY.has(((callee['property'] as EsNode)['name'] as string) ?? '') && (index['arguments'] as EsNode[]).length === 0;
}

// `const a = Array.from({ length: n }, …)` / `new Array(n)` in the function, `n` not one longer.
function builtPerDay(fn: EsNode, array: string, source: string): boolean {
  for (const { node } of walk(fn)) {
    if (node.type !== 'VariableDeclarator' || (node['id'] as EsNode).type !== 'Identifier' || (node['id'] as EsNode)['name'] !== array) continue;
    const init = node['init'] as EsNode | null;
    const args = init && (init.type === 'CallExpression' || init.type === 'NewExpression') ? (init['arguments'] as EsNode[]) : [];
    const callee = init ? pathOf(init['callee'] as EsNode) : null;
    const length =
      callee === 'Array.from' && args[0]?.type === 'ObjectExpression'
        ? ((args[0]['properties'] as EsNode[]).find((p) => p.type === 'Property' && pathOf(p['key'] as EsNode) === 'length')?.['value'] as EsNode | undefined)
        : callee === 'Array' && args.length === 1
          ? args[0]
          : undefined;
    return !!length && !/\+\s*1\s*$/.test(textOf(source, length));
  }
  return false;
}
