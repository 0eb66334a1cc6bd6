import type { RepairTemplate } from '../template.js';
import { linesOf, parseFile, spanOf, textOf, walk, type EsNode } from './estree.js';

const ID = 'node.nullable-compare';
const PREDICATES = new Set(['find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'every', 'filter']);
const EQUALITY = new Set(['===', '!==', '==', '!=']);

/**
 * A record field that may be null read through in a search predicate
 * (`riders.find((r) => r.email!.toLowerCase() === email)`: `Cannot read properties of null (reading
 * 'toLowerCase')` on the one record without an email) → compare only a record that has it,
 * `(r.email != null && r.email!.toLowerCase() === email)` (`== null ||` for `!==`): a record without the
 * value is not the one searched for, so the search goes on over the others. Only where the read is
 * one side of an equality inside a find/some/filter/every callback, the other side no optional read
 * itself, and the failing property is the one the message names.
 */
export const nodeNullableCompare: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'guard a nullable field where a search predicate compares it',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    const m = /^Cannot read properties of (?:null|undefined) \(reading '([\w$]+)'\)$/.exec(exception?.message ?? '');
    if (!culprit || !m) return;
    const property = m[1]!;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    const sites: { read: EsNode; comparison: EsNode }[] = [];
    for (const { node, ancestors } of walk(program)) {
      if (node.type !== 'BinaryExpression' || !EQUALITY.has(node['operator'] as string)) continue;
      const [first, last] = linesOf(node);
      const record = culprit.line < first || culprit.line > last ? null : predicateParam(ancestors);
      if (!record) continue;
      const sides = [node['left'] as EsNode, node['right'] as EsNode];
      for (const [i, side] of sides.entries()) {
        const read = plainRead(side, property, record);
        // The other side reading the same member (`code.trim() === r.code.trim()`) may be the one
        // that failed: no guess.
        if (read && !optional(sides[1 - i]!) && !readsMember(sides[1 - i]!, property))
          sites.push({ read, comparison: node });
      }
    }
    if (sites.length !== 1) return;
    const { read, comparison } = sites[0]!;
    let object = read['object'] as EsNode;
    if (object.type === 'TSNonNullExpression') object = object['expression'] as EsNode;
    // A guard, not `?.`: with `?.` a record without the value would equal a missing other side
    // (`undefined === undefined`) and be found. Equality holds only for a record that has the value;
    // inequality holds for one that has none.
    const operator = comparison['operator'] as string;
    const guard = operator.startsWith('=')
      ? `${textOf(source, object)} != null &&`
      : `${textOf(source, object)} == null ||`;
    const [from, to] = spanOf(comparison);
    const patched = `${source.slice(0, from)}(${guard} ${source.slice(from, to)})${source.slice(to)}`;
    await tree.write(culprit.file, patched);
    yield {
      key: ID,
      summary: `compare only records that have the value read by .${property} (${culprit.file}:${culprit.line})`,
      template: { recipe: ID },
    };
  },
};

// The record parameter of the nearest function around the comparison when it is a callback handed
// to `xs.find(...)` and its kin (`m` of `(m) => …`), else null.
function predicateParam(ancestors: readonly EsNode[]): string | null {
  const at = [...ancestors].reverse().findIndex((a) => /Function/.test(a.type));
  if (at < 0) return null;
  const fn = ancestors[ancestors.length - 1 - at]!;
  const call = ancestors[ancestors.length - 2 - at];
  if (call?.type !== 'CallExpression' || !(call['arguments'] as EsNode[]).includes(fn)) return null;
  const callee = call['callee'] as EsNode;
  const name = callee.type === 'MemberExpression' ? (callee['property'] as EsNode)['name'] : undefined;
  const param = (fn['params'] as EsNode[])[0];
  return typeof name === 'string' && PREDICATES.has(name) && param?.type === 'Identifier'
    ? (param['name'] as string)
    : null;
}

// The member read `record.….property` (a call's callee included: `m.email.toLowerCase()`) that a side
// of the comparison makes on the searched record without an optional link, or null.
function plainRead(side: EsNode, property: string, record: string): EsNode | null {
  let node = side;
  while (node.type === 'CallExpression') node = node['callee'] as EsNode;
  if (node.type !== 'MemberExpression' || node['optional'] || node['computed']) return null;
  if ((node['property'] as EsNode)['name'] !== property) return null;
  let root = node['object'] as EsNode;
  while (root.type === 'MemberExpression' || root.type === 'TSNonNullExpression')
    root = (root.type === 'MemberExpression' ? root['object'] : root['expression']) as EsNode;
  // The record itself (`m.toLowerCase()`) is the element, not a field of it that may be missing.
  return root.type === 'Identifier' && root['name'] === record && node['object'] !== root ? node : null;
}

function optional(side: EsNode): boolean {
  return side.type === 'ChainExpression' || [...walk(side)].some(({ node }) => node['optional'] === true);
}

function readsMember(side: EsNode, property: string): boolean {
  return [...walk(side)].some(
    ({ node }) => node.type === 'MemberExpression' && (node['property'] as EsNode)['name'] === property,
  );
}
