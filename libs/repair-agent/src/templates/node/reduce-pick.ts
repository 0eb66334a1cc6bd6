import { admitsNull } from '../python/contract-schema.js';
import { keyName, pathOf, spanOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';
import { heldValue } from './reduce-mean.js';
import { documentedField } from './schema-field.js';

const ORDER = new Set(['<', '>', '<=', '>=']);

/** A pick's value guarded for an empty collection: the span to replace, the guard, the field. */
export interface PickGuard {
  readonly start: number;
  readonly end: number;
  /** `xs.length > 0` */
  readonly guard: string;
  readonly field: string;
  /** The one read of a member of the picked item (`{ bestId: best.id }`), made null-safe too. */
  readonly read?: { readonly start: number; readonly end: number; readonly text: string };
}

/**
 * `xs.reduce((min, d) => (d < min ? d : min))` or `xs.reduce((a, b) => Math.max(a, b))`, no
 * initial value: a reduce that picks one of the items (a min, a max, the earliest date string).
 * No initial value can stand for "no item" (0 is no date, and would win every min), so the pick
 * is guarded instead.
 */
export function isPick(call: EsNode): boolean {
  if (call.type !== 'CallExpression') return false;
  const callee = call['callee'] as EsNode;
  if (callee.type !== 'MemberExpression' || keyName(callee['property'] as EsNode) !== 'reduce') return false;
  const args = call['arguments'] as EsNode[];
  const callback = args[0];
  if (args.length !== 1 || !callback || !isFunction(callback)) return false;
  const names = (callback['params'] as EsNode[]).map((p) => (p.type === 'Identifier' ? (p['name'] as string) : null));
  if (names.length !== 2 || names.includes(null)) return false;
  const body = callback['body'] as EsNode;
  const statements = body.type === 'BlockStatement' ? (body['body'] as EsNode[]) : null;
  const result =
    statements === null
      ? body
      : statements.length === 1 && statements[0]!.type === 'ReturnStatement'
        ? (statements[0]!['argument'] as EsNode | null)
        : null;
  const isParam = (n: EsNode | undefined) => n?.type === 'Identifier' && names.includes(n['name'] as string);
  const both = (a: EsNode | undefined, b: EsNode | undefined) =>
    isParam(a) && isParam(b) && (a as EsNode)['name'] !== (b as EsNode)['name'];
  if (result?.type === 'ConditionalExpression') {
    const test = result['test'] as EsNode;
    return (
      test.type === 'BinaryExpression' &&
      ORDER.has(test['operator'] as string) &&
      both(result['consequent'] as EsNode, result['alternate'] as EsNode)
    );
  }
  if (result?.type !== 'CallExpression') return false;
  const picked = result['arguments'] as EsNode[];
  return (
    ['Math.min', 'Math.max'].includes(pathOf(result['callee'] as EsNode) ?? '') &&
    picked.length === 2 &&
    both(picked[0], picked[1])
  );
}

/** The collection a pick reduces, through any `.map(…)` between (`visits.map(f).reduce(…)` → `visits`). */
export function pickedCollection(call: EsNode): string | null {
  let receiver = (call['callee'] as EsNode)['object'] as EsNode;
  while (receiver.type === 'CallExpression') {
    const callee = receiver['callee'] as EsNode;
    if (callee.type !== 'MemberExpression' || keyName(callee['property'] as EsNode) !== 'map') return null;
    receiver = callee['object'] as EsNode;
  }
  return pathOf(receiver);
}

/**
 * The guard of a pick for no items (`xs.length > 0 ? … : null`), the whole value of the response
 * field it fills (the literal's key, or the local a literal's key reads), when the success schema
 * documents that field as nullable. The length is the reduced array's own, read through `.map(…)`
 * calls (which keep it): `xs.map((x) => x.on).reduce(…)` is guarded by `xs.length`. A local whose
 * one read is a member of the picked item filling the field (`const best = …; return { bestId: best.id }`)
 * is guarded alike, its read becoming `best ? best.id : null`. Null for a field the schema does not
 * document, or documents as never null (no value means "none" there).
 */
export function pickGuard(call: EsNode, ancestors: readonly EsNode[], schema: unknown): PickGuard | null {
  const collection = pickedCollection(call);
  const held = heldValue(ancestors);
  const member = held && !held.field ? memberField(ancestors) : null;
  const field = held?.field ?? member?.field;
  const documented = field ? documentedField(schema, field) : null;
  if (!collection || !held || !field || !documented || !admitsNull(documented)) return null;
  // A local read anywhere else than the answer's field (`daysSince(first)`) would take the null too.
  if (readsBeyondField(ancestors)) return null;
  const [start, end] = spanOf(held.value);
  return { start, end, guard: `${collection}.length > 0`, field, ...(member ? { read: member.read } : {}) };
}

// `const best = xs.reduce(…)` read as `{ bestId: best.id }`: the field, and the read made null-safe.
function memberField(ancestors: readonly EsNode[]): { field: string; read: NonNullable<PickGuard['read']> } | null {
  const holder = [...ancestors].reverse().find((a) => a.type === 'VariableDeclarator' || isFunction(a));
  const id = holder?.type === 'VariableDeclarator' ? (holder['id'] as EsNode) : null;
  const fn = [...ancestors].reverse().find(isFunction);
  if (id?.type !== 'Identifier' || !fn) return null;
  for (const { node } of walk(fn)) {
    if (node.type !== 'Property' || node['computed']) continue;
    const value = node['value'] as EsNode;
    const object = value.type === 'MemberExpression' && !value['computed'] ? (value['object'] as EsNode) : null;
    if (object?.type !== 'Identifier' || object['name'] !== id['name']) continue;
    const field = keyName(node['key'] as EsNode);
    const path = pathOf(value);
    const [start, end] = spanOf(value);
    return field && path ? { field, read: { start, end, text: `${id['name'] as string} ? ${path} : null` } } : null;
  }
  return null;
}

// Whether the pick is held in a local that the function reads more than once.
function readsBeyondField(ancestors: readonly EsNode[]): boolean {
  const holder = [...ancestors]
    .reverse()
    .find((a) => a.type === 'Property' || a.type === 'VariableDeclarator' || isFunction(a));
  if (holder?.type !== 'VariableDeclarator') return false;
  const id = holder['id'] as EsNode;
  const fn = [...ancestors].reverse().find(isFunction);
  if (!fn || id.type !== 'Identifier') return false;
  // By position: a shorthand `{ first }` is one read, though its key and value are two nodes.
  const reads = new Set<number>();
  for (const { node, ancestors: above } of walk(fn)) {
    if (node === id || node.type !== 'Identifier' || node['name'] !== id['name']) continue;
    const parent = above[above.length - 1];
    const isKey = parent?.type === 'Property' && parent['key'] === node && !parent['shorthand'];
    const isMember = parent?.type === 'MemberExpression' && parent['property'] === node && !parent['computed'];
    if (!isKey && !isMember && spanOf(node)[0] !== spanOf(id)[0]) reads.add(spanOf(node)[0]);
  }
  return reads.size > 1;
}
