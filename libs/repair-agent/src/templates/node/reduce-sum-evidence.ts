import { projectSourceFiles } from '../../node/project-source-files.js';
import { parseTsWithTypes, TS_FILE } from '../../node/ts-ast.js';
import type { SourceTree } from '../../source/source-tree.js';
import { keyName, parseFile, pathOf, walk, type EsNode } from './estree.js';
import { isFunction, propertyName } from './object-keys.js';
import { admitsZero } from './reduce-mean.js';
import { documentedField } from './schema-field.js';

// The evidence node.reduce-empty reads before it starts a sum at 0: the field the sum fills, the
// member it adds up and whether that member is known to be a number, and whether it is a mean.

const ORDER_OR_ARITHMETIC = new Set(['<', '>', '<=', '>=', '-', '*', '/', '%']);

/**
 * Whether a plain sum (`xs.reduce((s, x) => s + x)`) starts at 0: a documented field it fills decides
 * (a number admitting 0), or a documented map whose entry it fills (`totals[kind] = …` where `totals`
 * is a field documented as an object of numbers admitting 0); an undocumented one must be a sum of a
 * member of the items known to be a number.
 */
export async function startsAtZero(
  call: EsNode,
  ancestors: readonly EsNode[],
  schema: unknown,
  tree: SourceTree,
  file: string,
): Promise<boolean> {
  const field = fieldFilled(call, ancestors);
  if (field !== null && documentedField(schema, field) !== null) return documentedNumber(schema, field);
  const map = entryFilled(call, ancestors);
  const documentedMap = map === null ? null : documentedField(schema, map);
  if (documentedMap !== null) return numericEntries(documentedMap);
  const member = itemMember(call);
  return member !== null && (await numericMember(member, schema, tree, file));
}

/**
 * Whether a value (a sum, or a call of a sum helper) fills a response field, directly or through
 * the local it is kept in, that the success schema documents as a number admitting 0.
 */
export function fillsDocumentedNumber(value: EsNode, ancestors: readonly EsNode[], schema: unknown): boolean {
  const field = fieldFilled(value, ancestors);
  return field !== null && documentedNumber(schema, field);
}

/**
 * The callback's result: an arrow's expression body, or a block's returned value.
 */
export function resultOf(callback: EsNode): EsNode | undefined {
  const body = callback['body'] as EsNode;
  return body.type === 'BlockStatement'
    ? ((body['body'] as EsNode[]).find((s) => s.type === 'ReturnStatement')?.['argument'] as EsNode | undefined)
    : body;
}

// `sum + x.hours` (or `sum + x.a.b`) where `x` is the callback's item: the member's name.
function itemMember(call: EsNode): string | null {
  const callback = (call['arguments'] as EsNode[])[0]!;
  const item = (callback['params'] as EsNode[])[1];
  const result = resultOf(callback);
  const added = result?.type === 'BinaryExpression' ? (result['right'] as EsNode) : null;
  const path = added?.type === 'MemberExpression' ? pathOf(added) : null;
  const sums = item?.type === 'Identifier' && path !== null && path.split('.')[0] === item['name'];
  return sums ? path.split('.').at(-1)! : null;
}

/**
 * Whether a member of this name is known to be a number: a documented numeric field, an order
 * comparison or arithmetic with a number literal in the same file (`r.hours > 8`; not an equality,
 * `err.code === 11000` says nothing of another object's `code`), or a TypeScript `number` property.
 */
export async function numericMember(name: string, schema: unknown, tree: SourceTree, here: string): Promise<boolean> {
  const own = documentedField(schema, name);
  const types = own ? [own['type']].flat() : [];
  if (types.includes('number') || types.includes('integer')) return true;
  for (const file of await projectSourceFiles(tree)) {
    const source = await tree.read(file);
    const program = source === null || !source.includes(name) ? null : withTypes(file, source);
    if (program && [...walk(program)].some(({ node }) => numericUse(node, name, file === here))) return true;
  }
  return false;
}

// A TypeScript file's tree with its types (`parseFile` leaves interfaces out), a JavaScript file's tree.
function withTypes(file: string, source: string): EsNode | null {
  return TS_FILE.test(file) ? (parseTsWithTypes(source, file) as EsNode | null) : parseFile(file, source);
}

function numericUse(node: EsNode, name: string, sameFile: boolean): boolean {
  const named = (n: EsNode) => n.type === 'MemberExpression' && propertyName(n) === name;
  const numeral = (n: EsNode) => n.type === 'Literal' && typeof n['value'] === 'number';
  // Not `+` (`x.code + 1` may as well be a string's concatenation), nor an equality.
  if (node.type === 'BinaryExpression' && ORDER_OR_ARITHMETIC.has(node['operator'] as string)) {
    if (!sameFile) return false;
    const [left, right] = [node['left'] as EsNode, node['right'] as EsNode];
    return (named(left) && numeral(right)) || (numeral(left) && named(right));
  }
  if (node.type === 'BinaryExpression') return false;
  if (node.type !== 'TSPropertySignature' && node.type !== 'PropertyDefinition') return false;
  const annotation = (node['typeAnnotation'] as EsNode | null)?.['typeAnnotation'] as EsNode | undefined;
  return keyName(node['key'] as EsNode) === name && annotation?.type === 'TSNumberKeyword';
}

/**
 * `xs.reduce(…) / xs.length`: a mean, which 0 would turn into NaN.
 */
export function isDividend(call: EsNode, ancestors: readonly EsNode[]): boolean {
  const parent = ancestors.at(-1);
  return parent?.type === 'BinaryExpression' && parent['operator'] === '/' && parent['left'] === call;
}

/**
 * The response field the sum fills: `{ total: xs.reduce(…) }`, or `const total = xs.reduce(…)`
 * read by a literal's `total` key (shorthand or value, or a rounding of it) in the same function.
 */
export function fieldFilled(call: EsNode, ancestors: readonly EsNode[]): string | null {
  const parent = [...ancestors]
    .reverse()
    .find((a) => a.type === 'Property' || a.type === 'VariableDeclarator' || isFunction(a));
  if (parent?.type === 'Property' && !parent['computed']) return keyName(parent['key'] as EsNode);
  const id = parent?.type === 'VariableDeclarator' ? (parent['id'] as EsNode) : undefined;
  if (id?.type !== 'Identifier' || parent?.['init'] !== call) return null;
  const name = id['name'] as string;
  const fn = [...ancestors].reverse().find(isFunction);
  if (!fn) return null;
  for (const { node } of walk(fn)) {
    if (node.type !== 'Property' || node['computed']) continue;
    if (carries(node['value'] as EsNode, name)) return keyName(node['key'] as EsNode);
  }
  return null;
}

const ARITHMETIC = new Set(['+', '-', '*', '/']);
// A number's own methods a rounding calls on the local (`Number(total.toFixed(2))`).
const NUMBER_METHODS = new Set(['toFixed', 'toPrecision']);

// Whether a literal's value is the local `name` or a number made from it: a rounding keeps the
// sum's kind (`round2(total)`, `Math.round(total * 100) / 100`, `Number(total.toFixed(2))`), so the
// field it fills still documents the sum. Only the first argument of a call: `Math.max(0, total)`
// or `format(unit, total)` is some other value.
function carries(value: EsNode, name: string): boolean {
  switch (value.type) {
    case 'Identifier':
      return value['name'] === name;
    case 'TSAsExpression':
    case 'TSNonNullExpression':
      return carries(value['expression'] as EsNode, name);
    case 'BinaryExpression':
      return (
        ARITHMETIC.has(value['operator'] as string) &&
        (carries(value['left'] as EsNode, name) || carries(value['right'] as EsNode, name))
      );
    case 'CallExpression': {
      const callee = value['callee'] as EsNode;
      if (callee.type === 'MemberExpression' && NUMBER_METHODS.has(propertyName(callee) ?? ''))
        return carries(callee['object'] as EsNode, name);
      const first = (value['arguments'] as EsNode[])[0];
      return first !== undefined && first.type !== 'SpreadElement' && carries(first, name);
    }
    default:
      return false;
  }
}

// Whether the schema types `field` as a number that may be 0.
function documentedNumber(schema: unknown, field: string): boolean {
  const own = documentedField(schema, field);
  return own !== null && admitsZero(own);
}

// `totals[key] = xs.reduce(…)` (a computed key) where the local `totals` fills a literal's field: that field.
function entryFilled(call: EsNode, ancestors: readonly EsNode[]): string | null {
  const parent = ancestors.at(-1);
  const target =
    parent?.type === 'AssignmentExpression' && parent['right'] === call ? (parent['left'] as EsNode) : null;
  const map = target?.type === 'MemberExpression' && target['computed'] ? (target['object'] as EsNode) : null;
  const fn = [...ancestors].reverse().find(isFunction);
  if (map?.type !== 'Identifier' || !fn) return null;
  for (const { node } of walk(fn)) {
    if (node.type !== 'Property' || node['computed']) continue;
    if (carries(node['value'] as EsNode, map['name'] as string)) return keyName(node['key'] as EsNode);
  }
  return null;
}

// An object schema every entry of which is a number admitting 0: its named properties and any other key's.
function numericEntries(own: Record<string, unknown>): boolean {
  const values = Object.values((own['properties'] ?? {}) as Record<string, Record<string, unknown>>);
  const more = own['additionalProperties'];
  if (more && typeof more === 'object') values.push(more as Record<string, unknown>);
  return values.length > 0 && values.every((v) => v && typeof v === 'object' && admitsZero(v));
}
