import { linesOf, walk, type EsNode } from './estree.js';
import { isFunction, unwrap } from './object-keys.js';

/**
 * Names of the tables whose looked-up entry a line reads a member of, so a missed lookup fails
 * there: `TABLE[key].member` on the line, or `entry.member` on the line where `entry` is a `const`
 * of the enclosing function set to `TABLE[key]` (`const rate = RATES[kind];` then `rate.perDay`).
 */
export function lookedUpTables(program: EsNode, line: number): Set<string> {
  const tables = new Set<string>();
  const entries = new Map<EsNode, Map<string, string>>();
  for (const { node, ancestors } of walk(program)) {
    if (node.type !== 'MemberExpression' || linesOf(node)[0] !== line) continue;
    const object = node['object'] as EsNode;
    const parent = ancestors.at(-1);
    // `TABLE[key].member`: the table's answer is read, so an undefined one fails there.
    if (node['computed'] && object.type === 'Identifier' && parent?.type === 'MemberExpression')
      if (parent['object'] === node) tables.add(object['name'] as string);
    if (node['computed'] || object.type !== 'Identifier') continue;
    const fn = [...ancestors].reverse().find(isFunction);
    if (!fn) continue;
    if (!entries.has(fn)) entries.set(fn, tableEntries(fn));
    const table = entries.get(fn)!.get(object['name'] as string);
    if (table) tables.add(table);
  }
  return tables;
}

// `const entry = TABLE[key]` declarations in a function: entry → TABLE.
function tableEntries(fn: EsNode): Map<string, string> {
  const out = new Map<string, string>();
  for (const { node, ancestors } of walk(fn)) {
    if (node.type !== 'VariableDeclarator' || (node['id'] as EsNode).type !== 'Identifier') continue;
    if ((ancestors.at(-1)?.['kind'] as string | undefined) !== 'const' || !node['init']) continue;
    const init = unwrap(node['init'] as EsNode);
    const table = init['object'] as EsNode | undefined;
    if (init.type === 'MemberExpression' && init['computed'] && table?.type === 'Identifier')
      out.set((node['id'] as EsNode)['name'] as string, table['name'] as string);
  }
  return out;
}

/**
 * The table lookups whose entry the code reads `.read` from on `line`: `T[key].read` itself, or
 * `entry.read` where the function binds `const entry = T[key]`. `lookupOf` says which member
 * expressions are lookups of interest, and what to keep of them.
 */
export function lookupsReadAt<T>(program: EsNode, line: number, read: string, lookupOf: (n: EsNode) => T | null): T[] {
  const out: T[] = [];
  for (const { node, ancestors } of walk(program)) {
    if (node.type !== 'MemberExpression' || node['computed'] || linesOf(node)[0] > line || linesOf(node)[1] < line)
      continue;
    if ((node['property'] as EsNode)['name'] !== read) continue;
    const object = unwrap(node['object'] as EsNode);
    const direct = lookupOf(object);
    if (direct) out.push(direct);
    const fn = [...ancestors].reverse().find(isFunction);
    if (object.type !== 'Identifier' || !fn) continue;
    for (const { node: d } of walk(fn)) {
      if (d.type !== 'VariableDeclarator' || (d['id'] as EsNode)['name'] !== object['name'] || !d['init']) continue;
      const found = lookupOf(unwrap(d['init'] as EsNode));
      if (found) out.push(found);
    }
  }
  return out;
}
