import type { SourceTree } from '../../source/source-tree.js';
import { keyName, pathOf, walk, type EsNode } from './estree.js';
import { isFunction, propertyName, unwrap } from './object-keys.js';
import { projectShapes } from './project-shapes.js';

// Array methods whose callback gets an item of the list as its first parameter.
const ITEM_CALLBACKS = new Set(['filter', 'map', 'forEach', 'some', 'every', 'find', 'flatMap']);

/**
 * Whether the list a reduce folds was emptied by a filter that reads a member no record of its
 * kind has: `bookings = all.filter((b) => b.showId === id && b.status === 'confirmed')`, then
 * `bookings.map((b) => b.priceCents).reduce(…)`, where every object the project writes with
 * `slot`, `priceCents` and `status` (what the function reads on the items otherwise) lacks
 * `showId`. The list is empty because the filter names a wrong field, so an initial value would
 * answer 200 with zeros for data that exists: the bug is the filter, and no default fixes it.
 */
export async function filteredByAbsentMember(
  reduce: EsNode,
  ancestors: readonly EsNode[],
  tree: SourceTree,
): Promise<boolean> {
  const fn = [...ancestors].reverse().find(isFunction);
  if (!fn) return false;
  const read = new Set<string>();
  let filter: EsNode | null = null;
  let receiver = (reduce['callee'] as EsNode)['object'] as EsNode | undefined;
  while (receiver?.type === 'CallExpression' && (receiver['callee'] as EsNode).type === 'MemberExpression') {
    const method = propertyName(receiver['callee'] as EsNode) ?? '';
    if (method === 'filter') filter = receiver;
    else for (const m of itemMembers(receiver)) read.add(m);
    receiver = ((receiver['callee'] as EsNode)['object'] as EsNode) ?? undefined;
  }
  const list = receiver?.type === 'Identifier' ? (receiver['name'] as string) : null;
  if (list) {
    for (const { node } of walk(fn)) {
      if (node.type === 'VariableDeclarator' && pathOf(node['id'] as EsNode) === list && node['init']) {
        const init = unwrap(node['init'] as EsNode);
        if (init.type === 'CallExpression' && propertyName(init['callee'] as EsNode) === 'filter') filter ??= init;
      }
      // Other callbacks over the list (`bookings.forEach((b) => … b.slot …)`) say what its items have.
      const callee = node.type === 'CallExpression' ? (node['callee'] as EsNode) : null;
      if (callee?.type === 'MemberExpression' && pathOf(callee['object'] as EsNode) === list)
        for (const m of itemMembers(node)) read.add(m);
    }
  }
  const tested = filter ? itemMembers(filter) : [];
  if (tested.length === 0) return false;
  // What the function itself writes (the answer holding the sums) is no record of the list's kind.
  const own = new Set(
    [...walk(fn)]
      .map((w) => w.node)
      .filter((n) => n.type === 'ObjectExpression')
      .map((n) => literalKeys(n).join('\0')),
  );
  const shapes = (await projectShapes(tree)).filter((shape) => !own.has(shape.join('\0')));
  return tested.some((member) => {
    const others = new Set([...read, ...tested.filter((t) => t !== member)]);
    if (others.size < 2) return false;
    const kind = shapes.filter((shape) => [...others].every((o) => shape.includes(o)));
    return kind.length > 0 && kind.every((shape) => !shape.includes(member));
  });
}

// The members an array method's item callback reads on its item (`(b) => b.slot` → `slot`).
function itemMembers(call: EsNode): string[] {
  if (!ITEM_CALLBACKS.has(propertyName(call['callee'] as EsNode) ?? '')) return [];
  const callback = (call['arguments'] as EsNode[])[0];
  const item = callback && isFunction(callback) ? (callback['params'] as EsNode[])[0] : undefined;
  if (!callback || item?.type !== 'Identifier') return [];
  const out = new Set<string>();
  for (const { node } of walk(callback)) {
    if (node.type !== 'MemberExpression' || node['computed']) continue;
    const object = node['object'] as EsNode;
    if (object.type === 'Identifier' && object['name'] === item['name']) out.add(propertyName(node) ?? '');
  }
  out.delete('');
  return [...out];
}

// The named keys of an object literal, in order (as project-shapes lists them).
function literalKeys(literal: EsNode): string[] {
  return (literal['properties'] as EsNode[])
    .filter((p) => p.type === 'Property' && !p['computed'])
    .map((p) => keyName(p['key'] as EsNode))
    .filter((k): k is string => k !== null);
}
