import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { objectShape, typesOf } from '../python/contract-schema.js';
import { keyName, linesOf, parseFile, pathOf, spanOf, walk, type EsNode } from './estree.js';

const ID = 'node.sqlite-bind-boolean';
const BINDS = new Set(['run', 'get', 'all', 'iterate']);

/**
 * better-sqlite3 refuses a JavaScript boolean as a parameter (`TypeError: SQLite3 can only bind
 * numbers, strings, bigints, buffers, and null`) → the request's boolean bound as SQLite stores
 * one, `x ? 1 : 0` (`x == null ? null : x ? 1 : 0` when the field is optional and has no
 * default, so an absent value stays absent). Only arguments of the statement call on the failing
 * line (`stmt.run(a, b)`, or the values of its named-parameter object) whose name is a property
 * the operation's request body documents as a boolean; nothing else is converted, and a call with
 * no such argument gets no candidate.
 */
export const nodeSqliteBindBoolean: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'bind a documented boolean as 1/0 (SQLite3 can only bind numbers, strings, bigints, buffers, and null)',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true, contract: true },
  async *candidates({ exception, culprit, tree, operation }) {
    if (
      !culprit ||
      !/^SQLite3 can only bind numbers, strings, bigints, buffers, and null/.test(exception?.message ?? '')
    )
      return;
    const body = objectShape(operation?.requestBody?.schema);
    const booleans = Object.entries(body?.properties ?? {}).filter(([, s]) => typesOf(s).includes('boolean'));
    if (!body || booleans.length === 0) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    const call = [...walk(program)]
      .map((w) => w.node)
      .find((n) => isBind(n) && linesOf(n)[0] <= culprit.line && culprit.line <= linesOf(n)[1]);
    if (!call) return;
    const edits: { start: number; end: number; text: string; name: string }[] = [];
    for (const value of boundValues(call)) {
      const path = pathOf(value.node);
      const name = path?.split('.').at(-1);
      const field = booleans.find(([key]) => key === name);
      if (!path || !field) continue;
      const always = body.required.includes(field[0]) || field[1]['default'] !== undefined;
      const text = always ? `${path} ? 1 : 0` : `${path} == null ? null : ${path} ? 1 : 0`;
      edits.push({ ...value, text: value.key ? `${value.key}: ${text}` : text, name: field[0] });
    }
    if (edits.length === 0) return;
    let updated = source;
    for (const edit of [...edits].sort((a, b) => b.start - a.start))
      updated = replaceRange(updated, edit.start, edit.end, edit.text);
    await tree.write(culprit.file, updated);
    const names = edits.map((e) => e.name).join(', ');
    yield { key: ID, summary: `bind ${names} as 1/0 (${culprit.file}:${culprit.line})`, template: { recipe: ID } };
  },
};

/** `db.prepare(sql).run(…)`, `stmt.get(…)`: a better-sqlite3 statement call binding its arguments. */
export function isBind(node: EsNode): boolean {
  if (node.type !== 'CallExpression') return false;
  const callee = node['callee'] as EsNode;
  return (
    callee.type === 'MemberExpression' &&
    !callee['computed'] &&
    BINDS.has(((callee['property'] as EsNode)['name'] as string) ?? '')
  );
}

// The bound values: positional arguments, and the values of a named-parameter object (`{ heated }`
// is rewritten with its key).
function boundValues(call: EsNode): { node: EsNode; start: number; end: number; key?: string }[] {
  const out: { node: EsNode; start: number; end: number; key?: string }[] = [];
  for (const arg of call['arguments'] as EsNode[]) {
    if (arg.type !== 'ObjectExpression') {
      out.push({ node: arg, start: spanOf(arg)[0], end: spanOf(arg)[1] });
      continue;
    }
    for (const property of arg['properties'] as EsNode[]) {
      if (property.type !== 'Property' || property['computed']) continue;
      const value = property['value'] as EsNode;
      const key = keyName(property['key'] as EsNode) ?? undefined;
      if (property['shorthand']) out.push({ node: value, start: spanOf(property)[0], end: spanOf(property)[1], key });
      else out.push({ node: value, start: spanOf(value)[0], end: spanOf(value)[1] });
    }
  }
  return out;
}
