import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, pathOf, spanOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';

const ID = 'node.index-as-id';

/**
 * `TypeError: Cannot read properties of undefined` reading a member of a record looked up by
 * array position with an id (`const owner = store.owners[order.ownerId]`: ids start at 1 and have
 * gaps, positions do not) → find it by its id, as the same function finds its sibling records
 * (`store.items.find((x) => x.id === order.itemId)`): `store.owners.find((x) => x.id === order.ownerId)`.
 * Evidence: the culprit line reads a member of that local; the index is a member named `…Id` / `…_id`;
 * a sibling `.find` in the function on a list of the same parent object compares its items' key
 * with such an id (so the parent holds arrays of records found by key). Never an index that is no
 * id (a position, a counter), nor a lookup with no sibling found by key (a map keyed by id is right).
 */
export const nodeIndexAsId: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'find a record by its id, not by array position (Cannot read properties of undefined)',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    if (!culprit || !/^Cannot read properties of undefined/.test(exception?.message ?? '')) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    for (const { node, ancestors } of walk(program)) {
      const init = node.type === 'VariableDeclarator' ? (node['init'] as EsNode | null) : null;
      const local = node.type === 'VariableDeclarator' ? (node['id'] as EsNode) : null;
      if (init?.type !== 'MemberExpression' || !init['computed'] || local?.type !== 'Identifier') continue;
      const index = pathOf(init['property'] as EsNode);
      const list = pathOf(init['object'] as EsNode);
      if (!index || !list || !/(Id|_id)$/.test(index.split('.').at(-1)!)) continue;
      const fn = [...ancestors].reverse().find(isFunction);
      if (!fn || !readsOnLine(fn, local['name'] as string, culprit.line)) continue;
      const key = siblingKey(fn, list);
      if (!key) continue;
      const [start, end] = spanOf(init);
      // TypeScript typed `list[i]` as the record; `.find` adds `| undefined`, which `!` takes off again.
      const typed = /\.[cm]?tsx?$/.test(culprit.file) ? '!' : '';
      const found = `${list}.find((x) => x.${key} === ${index})${typed}`;
      await tree.write(culprit.file, replaceRange(source, start, end, found));
      yield {
        key: ID,
        summary:
          `find ${local['name'] as string} by ${key} as its sibling lookups do: ${list}.find(…) ` +
          `(${culprit.file}:${linesOf(init)[0]})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

// Whether the function reads a member of the local on the line (`owner.name`).
function readsOnLine(fn: EsNode, name: string, line: number): boolean {
  return [...walk(fn)].some(
    ({ node }) =>
      node.type === 'MemberExpression' &&
      linesOf(node)[0] === line &&
      (node['object'] as EsNode).type === 'Identifier' &&
      (node['object'] as EsNode)['name'] === name,
  );
}

// The key a sibling `.find((x) => x.key === y.otherId)` on a list of the same parent compares, if any.
function siblingKey(fn: EsNode, list: string): string | null {
  const parent = list.split('.').slice(0, -1).join('.');
  if (!parent) return null;
  for (const { node } of walk(fn)) {
    if (node.type !== 'CallExpression') continue;
    const callee = node['callee'] as EsNode;
    if (callee.type !== 'MemberExpression' || keyName(callee['property'] as EsNode) !== 'find') continue;
    const receiver = pathOf(callee['object'] as EsNode);
    if (!receiver || receiver === list || receiver.split('.').slice(0, -1).join('.') !== parent) continue;
    const callback = (node['arguments'] as EsNode[])[0];
    const body = callback && isFunction(callback) ? (callback['body'] as EsNode) : null;
    if (body?.type !== 'BinaryExpression' || !['===', '=='].includes(body['operator'] as string)) continue;
    const param = (callback!['params'] as EsNode[])[0];
    const left = pathOf(body['left'] as EsNode)?.split('.');
    const right = pathOf(body['right'] as EsNode)
      ?.split('.')
      .at(-1);
    if (param?.type !== 'Identifier' || left?.length !== 2 || left[0] !== param['name']) continue;
    if (right && /(Id|_id)$/.test(right)) return left[1]!;
  }
  return null;
}
