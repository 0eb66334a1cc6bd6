import type { ApiModel } from '@smoke-repair/smoke-validator';
import type { SourceTree } from '../../source/source-tree.js';
import { pathOf, walk, type EsNode } from './estree.js';
import { isFunction, propertyName } from './object-keys.js';
import { numericMember, resultOf } from './reduce-sum-evidence.js';
import { documentedField } from './schema-field.js';

// A sum of plain values (`times.reduce((s, t) => s + t)`) over a list mapped from one member of
// each item (`xs.map((x) => x.seconds)`), kept in a local that the code only ever reads where the
// list is known non-empty (`times.length === 0 ? null : Math.round(total / times.length)`): the
// author handled "no items" at every use, the reduce alone throws. Its 0 is never seen on an
// empty list, and on any other list of numbers it changes nothing.

/**
 * Whether a sum starts at 0 as a guarded sum of a member known to be a number (a documented numeric
 * field, a TypeScript `number`, an order comparison with a number literal, or a field of that name
 * the contract documents as a number in any operation's body or answer: the records the list holds
 * are the API's own): false when the sum is not over such a mapped list, not kept in a local, never
 * read, or read anywhere the list may be empty (an unguarded `total / times.length` is a mean that 0
 * would make NaN).
 */
export async function guardedNumericSum(
  call: EsNode,
  ancestors: readonly EsNode[],
  schema: unknown,
  tree: SourceTree,
  file: string,
  contract: ApiModel | null = null,
): Promise<boolean> {
  const member = guardedMappedMember(call, ancestors);
  if (member === null) return false;
  return (await numericMember(member, schema, tree, file)) || contractNumber(contract, member);
}

// Whether every schema of the contract that documents a field of this name (a request body, a
// success or error answer) types it as a number: one documenting it as text says it may be a string.
function contractNumber(contract: ApiModel | null, name: string): boolean {
  const schemas = (contract?.operations ?? []).flatMap((op) => [
    op.requestBody?.schema,
    ...op.responses.map((r) => r.schema),
  ]);
  const fields = schemas.map((s) => documentedField(s, name)).filter((f) => f !== null);
  const numeric = (f: Record<string, unknown>) => [f['type']].flat().some((t) => t === 'number' || t === 'integer');
  return fields.length > 0 && fields.every(numeric);
}

// The member a guarded sum adds up (`seconds` above), or null.
function guardedMappedMember(call: EsNode, ancestors: readonly EsNode[]): string | null {
  const callback = (call['arguments'] as EsNode[])[0];
  const [acc, item] = (callback?.['params'] as EsNode[] | undefined) ?? [];
  const result = callback ? resultOf(callback) : undefined;
  if (acc?.type !== 'Identifier' || item?.type !== 'Identifier' || result?.type !== 'BinaryExpression') return null;
  const added = result['right'] as EsNode;
  if (added.type !== 'Identifier' || added['name'] !== item['name']) return null;
  const fn = [...ancestors].reverse().find(isFunction);
  const holder = ancestors.at(-1);
  if (!fn || holder?.type !== 'VariableDeclarator' || holder['init'] !== call) return null;
  const local = holder['id'] as EsNode;
  if (local.type !== 'Identifier') return null;
  const mapped = mappedList((call['callee'] as EsNode)['object'] as EsNode, fn);
  if (!mapped) return null;
  let reads = 0;
  for (const { node, ancestors: above } of walk(fn)) {
    if (node === local || node.type !== 'Identifier' || node['name'] !== local['name']) continue;
    const parent = above.at(-1);
    // `{ total: … }`'s key or `o.total` names no local.
    if (parent?.type === 'Property' && parent['key'] === node && !parent['shorthand']) continue;
    if (parent?.type === 'MemberExpression' && parent['property'] === node && !parent['computed']) continue;
    if (!nonEmptyThere(node, above, mapped.list)) return null;
    reads++;
  }
  return reads > 0 ? mapped.member : null;
}

// The list a reduce's receiver is and the member it maps: `xs.map((x) => x.m)` inline (the list `xs`,
// a map keeps its length), or a local `times` the function declares as such a map (the list `times`).
function mappedList(receiver: EsNode, fn: EsNode): { list: string; member: string } | null {
  const inline = mapOf(receiver);
  if (inline) return inline;
  const name = receiver.type === 'Identifier' ? (receiver['name'] as string) : null;
  for (const { node } of walk(fn)) {
    if (node.type !== 'VariableDeclarator' || (node['id'] as EsNode)['name'] !== name || !node['init']) continue;
    const map = mapOf(node['init'] as EsNode);
    return map && name ? { list: name, member: map.member } : null;
  }
  return null;
}

function mapOf(node: EsNode): { list: string; member: string } | null {
  const callee = node.type === 'CallExpression' ? (node['callee'] as EsNode) : null;
  if (callee?.type !== 'MemberExpression' || propertyName(callee) !== 'map') return null;
  const list = pathOf(callee['object'] as EsNode);
  const fn = (node['arguments'] as EsNode[])[0];
  const param = (fn?.['params'] as EsNode[] | undefined)?.[0];
  const body = fn && isFunction(fn) ? resultOf(fn) : undefined;
  if (!list || param?.type !== 'Identifier' || body?.type !== 'MemberExpression') return null;
  const path = pathOf(body);
  const member = path?.split('.')[0] === param['name'] ? propertyName(body) : null;
  return member ? { list, member } : null;
}

// Whether a read sits in the branch of a conditional (`?:` or `if`) whose test says `list` has items:
// `list.length === 0 ? … : read`, `list.length > 0 ? read : …`, `!list.length ? … : read`.
function nonEmptyThere(node: EsNode, ancestors: readonly EsNode[], list: string): boolean {
  const chain = [...ancestors, node];
  for (let i = chain.length - 2; i >= 0; i--) {
    const branch = chain[i]!;
    if (branch.type !== 'ConditionalExpression' && branch.type !== 'IfStatement') continue;
    const empty = emptinessTest(branch['test'] as EsNode, list);
    const child = chain[i + 1];
    if (empty === 'empty' && child === branch['alternate']) return true;
    if (empty === 'non-empty' && child === branch['consequent']) return true;
  }
  return false;
}

// What a test says of `list` when true: `list.length === 0` / `!list.length` (empty),
// `list.length > 0` / `!== 0` / `>= 1` / `list.length` (non-empty); null for any other test.
function emptinessTest(test: EsNode, list: string): 'empty' | 'non-empty' | null {
  const length = (n: EsNode) => n.type === 'MemberExpression' && pathOf(n) === `${list}.length`;
  const literal = (n: EsNode, v: number) => n.type === 'Literal' && n['value'] === v;
  if (length(test)) return 'non-empty';
  if (test.type === 'UnaryExpression' && test['operator'] === '!' && length(test['argument'] as EsNode)) return 'empty';
  if (test.type !== 'BinaryExpression' || !length(test['left'] as EsNode)) return null;
  const [op, right] = [test['operator'] as string, test['right'] as EsNode];
  if ((op === '===' || op === '==') && literal(right, 0)) return 'empty';
  if (((op === '!==' || op === '!=' || op === '>') && literal(right, 0)) || (op === '>=' && literal(right, 1)))
    return 'non-empty';
  return null;
}
