import { admitsNull } from '../python/contract-schema.js';
import { keyName, spanOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';
import { pickedCollection, type PickGuard } from './reduce-pick.js';
import { documentedField } from './schema-field.js';

// A pick by reduce (`const last = xs.reduce((a, b) => (b.on > a.on ? b : a))`) kept in a local the
// code reads only under its own truthiness (`last ? last.on : null`): the author meant "no item"
// to be a falsy pick, the reduce alone throws on an empty list. Guarding the reduce itself
// (`xs.length > 0 ? xs.reduce(…) : null`) gives the local exactly that value; no initial value can
// (`null` would be read as the first accumulator, `null.on`).

/**
 * The guard of a pick held in a local every read of which tests it first (`last ? … : …`,
 * `last && …`, `if (last)`, `last?.on`), when a response field answers `null` for a falsy pick
 * (`{ lastOn: last ? last.on : null }`) and the success schema documents that field as nullable.
 * Null for any other pick: a local read unguarded anywhere would take the null to a crash or a
 * wrong value, and a field documented never null has no "none" to give.
 */
export function truthyPickGuard(call: EsNode, ancestors: readonly EsNode[], schema: unknown): PickGuard | null {
  const collection = pickedCollection(call);
  const holder = ancestors.at(-1);
  const fn = [...ancestors].reverse().find(isFunction);
  if (!collection || !fn || holder?.type !== 'VariableDeclarator' || holder['init'] !== call) return null;
  const local = holder['id'] as EsNode;
  if (local.type !== 'Identifier') return null;
  const name = local['name'] as string;
  let field: string | null = null;
  let reads = 0;
  for (const { node, ancestors: above } of walk(fn)) {
    if (node === local || node.type !== 'Identifier' || node['name'] !== name) continue;
    const parent = above.at(-1);
    if (parent?.type === 'Property' && parent['key'] === node && !parent['shorthand']) continue;
    if (parent?.type === 'MemberExpression' && parent['property'] === node && !parent['computed']) continue;
    if (!testedFirst(node, above, name)) return null;
    reads++;
    // `{ lastOn: last ? last.on : null }`: the field that answers null for no pick.
    if (parent?.type === 'ConditionalExpression' && parent['test'] === node && isNull(parent['alternate'] as EsNode)) {
      const property = above.at(-2);
      if (property?.type === 'Property' && property['value'] === parent && !property['computed'])
        field = keyName(property['key'] as EsNode);
    }
  }
  const documented = field ? documentedField(schema, field) : null;
  if (reads === 0 || !field || !documented || !admitsNull(documented)) return null;
  const [start, end] = spanOf(call);
  return { start, end, guard: `${collection}.length > 0`, field };
}

// Whether a read of the local is its own truthiness test, or sits where that test passed: the test of
// a `?:`, an `if` or the left of `&&`, their consequent or right side, or the object of `last?.on`.
function testedFirst(node: EsNode, ancestors: readonly EsNode[], name: string): boolean {
  const parent = ancestors.at(-1);
  if (parent?.type === 'ConditionalExpression' || parent?.type === 'IfStatement')
    if (parent['test'] === node) return true;
  if (parent?.type === 'LogicalExpression' && parent['operator'] === '&&' && parent['left'] === node) return true;
  if (parent?.type === 'MemberExpression' && parent['object'] === node && parent['optional']) return true;
  const chain = [...ancestors, node];
  for (let i = chain.length - 2; i >= 0; i--) {
    const branch = chain[i]!;
    const child = chain[i + 1];
    const test = (branch['test'] ?? branch['left']) as EsNode | undefined;
    if (!test || !truthyTest(test, name)) continue;
    if ((branch.type === 'ConditionalExpression' || branch.type === 'IfStatement') && child === branch['consequent'])
      return true;
    if (branch.type === 'LogicalExpression' && branch['operator'] === '&&' && child === branch['right']) return true;
  }
  return false;
}

// `last`, or a `&&` chain one operand of which is `last`: true only where the local is truthy.
function truthyTest(test: EsNode, name: string): boolean {
  if (test.type === 'Identifier') return test['name'] === name;
  if (test.type !== 'LogicalExpression' || test['operator'] !== '&&') return false;
  return truthyTest(test['left'] as EsNode, name) || truthyTest(test['right'] as EsNode, name);
}

function isNull(node: EsNode): boolean {
  return node.type === 'Literal' && node['value'] === null && !('regex' in node);
}
