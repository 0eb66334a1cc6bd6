import { admitsNull } from '../python/contract-schema.js';
import { keyName, pathOf, spanOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';
import { admitsZero, heldValue } from './reduce-mean.js';
import { documentedField } from './schema-field.js';

/**
 * The end of the callback of a max by reduce (`xs.reduce((a, b) => Math.max(a, b))`, no initial
 * value) that may start at 0, and the response field it fills: a Math.max (never a min: 0 would
 * win every min of positive values), filling a field the success schema documents as a number that
 * is never null (no null can say "none") and admits 0, with evidence the values are no less than 0:
 * the field's documented minimum is 0 (no valid max is below it), or the same function sums the
 * same list from 0 (`xs.reduce((s, n) => s + n, 0)`: the author's own "nothing" for these
 * quantities). A max over a list nothing else adds up, or of a field left undocumented or
 * nullable (guarded with null instead, reduce-pick.ts), gives null.
 */
export function maxFromZero(
  call: EsNode,
  ancestors: readonly EsNode[],
  schema: unknown,
): { end: number; field: string } | null {
  const callback = (call['arguments'] as EsNode[])[0];
  const body = callback?.['body'] as EsNode | undefined;
  if (body?.type !== 'CallExpression' || pathOf(body['callee'] as EsNode) !== 'Math.max') return null;
  const field = heldValue(ancestors)?.field;
  const documented = field ? documentedField(schema, field) : null;
  if (!field || !documented || admitsNull(documented) || !admitsZero(documented)) return null;
  const list = listOf(call);
  const fn = [...ancestors].reverse().find(isFunction);
  const minimum = documented['minimum'];
  const summed = list !== null && fn !== undefined && sumsFromZero(fn, list);
  if (minimum !== 0 && !summed) return null;
  return { end: spanOf(callback!)[1], field };
}

// Whether the function adds up the list from 0 elsewhere: `list.reduce((s, n) => s + n, 0)`.
function sumsFromZero(fn: EsNode, list: string): boolean {
  for (const { node } of walk(fn)) {
    if (node.type !== 'CallExpression' || listOf(node) !== list) continue;
    const [callback, initial] = node['arguments'] as EsNode[];
    const body = callback && isFunction(callback) ? (callback['body'] as EsNode) : null;
    const params = callback ? (callback['params'] as EsNode[]) : [];
    const acc = params[0]?.type === 'Identifier' ? (params[0]['name'] as string) : null;
    const sum = body?.type === 'BinaryExpression' && body['operator'] === '+' && pathOf(body['left'] as EsNode) === acc;
    if (sum && initial?.type === 'Literal' && initial['value'] === 0) return true;
  }
  return false;
}

// `hires` of `hires.reduce(…)` or `hires.map((h) => h.n).reduce(…)`: the list a reduce folds.
function listOf(call: EsNode): string | null {
  const callee = call['callee'] as EsNode;
  if (callee.type !== 'MemberExpression' || keyName(callee['property'] as EsNode) !== 'reduce') return null;
  let receiver = callee['object'] as EsNode;
  while (receiver.type === 'CallExpression') {
    const inner = receiver['callee'] as EsNode;
    if (inner.type !== 'MemberExpression' || keyName(inner['property'] as EsNode) !== 'map') return null;
    receiver = inner['object'] as EsNode;
  }
  return pathOf(receiver);
}
