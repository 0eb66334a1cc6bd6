import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { linesOf, parseFile, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { isFunction, unwrap } from './object-keys.js';

const ID = 'node.day-of-month-index';
const DAY_OF_MONTH = new Set(['getDate', 'getUTCDate']);

/**
 * `getDate()` / `getUTCDate()` count the days of a month from 1, so an array of one entry per day
 * indexed by it (`buckets[new Date(t.startedAt).getUTCDate()]`) is read one day late and past its
 * end on the month's last day: `Cannot read properties of undefined` on `buckets[…].x`, or on
 * `bucket.x` after `const bucket = buckets[…]` → `buckets[… - 1]`. Only for an array the function
 * builds with one entry per day: `Array.from({ length }, (_, i) => ({ day: i + 1, … }))` (entry i
 * labelled i + 1), or of a length that is itself a day of the month (the month's last day).
 */
export const nodeDayOfMonthIndex: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'index an array of days by the day of the month minus one',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    const prop = /^Cannot read properties of undefined \(reading '([^']+)'\)/.exec(exception?.message ?? '')?.[1];
    const source = culprit && prop ? await tree.read(culprit.file) : null;
    const program = source === null || !culprit ? null : parseFile(culprit.file, source);
    if (!program || !culprit || source === null) return;
    for (const { node, ancestors } of walk(program)) {
      if (
        node.type !== 'MemberExpression' ||
        node['computed'] ||
        (node['property'] as EsNode)['name'] !== prop ||
        linesOf(node)[0] !== culprit.line
      )
        continue;
      const fn = [...ancestors].reverse().find(isFunction);
      const read = fn ? indexRead(unwrap(node['object'] as EsNode), fn) : null;
      if (!fn || !read) continue;
      const array = pathOf(read['object'] as EsNode);
      const index = read['property'] as EsNode;
      if (!array || !isDayOfMonth(index) || !perDay(fn, array)) continue;
      const [, end] = spanOf(index);
      await tree.write(culprit.file, replaceRange(source, end, end, ' - 1'));
      yield {
        key: ID,
        summary:
          `read ${array}[${textOf(source, index)} - 1]: the day of the month counts from 1 ` +
          `(${culprit.file}:${linesOf(read)[0]})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

// `arr[e]` itself, or the `arr[e]` a local of the function was bound to.
function indexRead(object: EsNode, fn: EsNode): EsNode | null {
  if (object.type === 'MemberExpression' && object['computed']) return object;
  if (object.type !== 'Identifier') return null;
  for (const { node } of walk(fn)) {
    if (
      node.type !== 'VariableDeclarator' ||
      (node['id'] as EsNode).type !== 'Identifier' ||
      (node['id'] as EsNode)['name'] !== object['name'] ||
      !node['init']
    )
      continue;
    const init = unwrap(node['init'] as EsNode);
    return init.type === 'MemberExpression' && init['computed'] ? init : null;
  }
  return null;
}

function isDayOfMonth(node: EsNode): boolean {
  const call = unwrap(node);
  const callee = call.type === 'CallExpression' ? unwrap(call['callee'] as EsNode) : null;
  return (
    callee?.type === 'MemberExpression' &&
    !callee['computed'] &&
    DAY_OF_MONTH.has((callee['property'] as EsNode)['name'] as string) &&
    (call['arguments'] as EsNode[]).length === 0
  );
}

// The function binds `array` to an `Array.from({ length }, …)` with one entry per day of a month.
function perDay(fn: EsNode, array: string): boolean {
  for (const { node } of walk(fn)) {
    if (node.type !== 'VariableDeclarator' || pathOf(node['id'] as EsNode) !== array || !node['init']) continue;
    const init = unwrap(node['init'] as EsNode);
    if (init.type !== 'CallExpression' || pathOf(init['callee'] as EsNode) !== 'Array.from') return false;
    const [shape, make] = init['arguments'] as EsNode[];
    const length =
      shape?.type === 'ObjectExpression'
        ? (shape['properties'] as EsNode[]).find(
            (p) => p.type === 'Property' && (p['key'] as EsNode)['name'] === 'length',
          )
        : undefined;
    return (!!length && isDayCount(length['value'] as EsNode, fn)) || (!!make && labelsNextIndex(make));
  }
  return false;
}

// A day of the month, or a local bound to one (`const daysInMonth = new Date(y, m, 0).getDate()`).
function isDayCount(value: EsNode, fn: EsNode): boolean {
  if (isDayOfMonth(value)) return true;
  if (value.type !== 'Identifier') return false;
  return [...walk(fn)].some(
    ({ node }) =>
      node.type === 'VariableDeclarator' &&
      pathOf(node['id'] as EsNode) === value['name'] &&
      !!node['init'] &&
      isDayOfMonth(node['init'] as EsNode),
  );
}

// `(_, i) => ({ day: i + 1, … })`: entry i is labelled i + 1.
function labelsNextIndex(make: EsNode): boolean {
  const i = isFunction(make) ? (make['params'] as EsNode[])[1] : undefined;
  if (i?.type !== 'Identifier') return false;
  return [...walk(make['body'] as EsNode)].some(({ node }) => {
    if (node.type !== 'Property') return false;
    const value = node['value'] as EsNode;
    return (
      value.type === 'BinaryExpression' &&
      value['operator'] === '+' &&
      pathOf(value['left'] as EsNode) === i['name'] &&
      (value['right'] as EsNode)['value'] === 1
    );
  });
}
