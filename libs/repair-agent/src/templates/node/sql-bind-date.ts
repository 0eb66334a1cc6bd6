import { replaceRange } from '../../node/js-edits.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { linesOf, parseFile, spanOf, textOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';

const ID = 'node.sql-bind-date';
// SQLite drivers that refuse a Date object as a parameter (node-sqlite3 and pg convert one).
const DATELESS_DRIVERS = ['sql.js', 'better-sqlite3'];
// What such a driver says, when it says anything: sql.js throws a bare string, logged without a stack.
const REFUSED = /tried to bind a value of an unknown type|can only bind numbers, strings, bigints, buffers, and null/;
const SQL = /^\s*(?:INSERT|UPDATE|REPLACE|DELETE|SELECT)\b/i;

/**
 * A Date object bound as a SQL parameter by a driver that binds only numbers, strings and null:
 * `closedAt = new Date()` then `run(db, 'UPDATE … closed_at = ? …', [state, closedAt, id])`.
 * sql.js throws a plain string (`Wrong API use : tried to bind a value of an unknown type (Mon
 * Dec …)`), so the server logs no stack and the request is a bare 500 → the value is stored as the
 * ISO text the rest of an SQLite app keeps dates as: `new Date().toISOString()`. Evidence, all
 * required: the app depends on sql.js or better-sqlite3; the failure has no trace, or its message
 * is the driver's refusal; and the project has exactly one such binding: a `new Date()` (alone, or
 * assigned to a variable of the same function) among the array of parameters a call passes next
 * to a SQL string, or a parameter of that function typed `Date` (TypeScript: `adjustedAt: Date`,
 * not optional nor a union) bound as is, which gets its `.toISOString()` where it is bound. The
 * value is never dropped or nulled: the column keeps the moment it records.
 */
export const nodeSqlBindDate: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'bind a Date as its ISO text where the SQLite driver binds no Date objects',
  evidence: { kinds: ['runtime_error', 'crash'] },
  async *candidates({ cause, exception, tree }) {
    if (cause.trace && !REFUSED.test(exception?.message ?? '')) return;
    const manifest = (await tree.read('package.json')) ?? '';
    if (!DATELESS_DRIVERS.some((d) => manifest.includes(`"${d}"`))) return;
    const sites: { file: string; source: string; date: EsNode }[] = [];
    for (const file of await projectSourceFiles(tree)) {
      const source = await tree.read(file);
      const program = source === null || !/new Date|:\s*Date\b/.test(source) ? null : parseFile(file, source);
      if (!program || source === null) continue;
      for (const { node } of walk(program))
        if (isFunction(node)) for (const date of boundDates(node)) sites.push({ file, source, date });
    }
    if (sites.length !== 1) return;
    const { file, source, date } = sites[0]!;
    const [, end] = spanOf(date);
    await tree.write(file, replaceRange(source, end, end, '.toISOString()'));
    const line = linesOf(date)[0];
    yield {
      key: siteKey(ID, file, line),
      summary: `bind ${textOf(source, date)} as ISO text: the SQLite driver binds no Date (${file}:${line})`,
      template: { recipe: ID },
    };
  },
};

// `new Date()` expressions whose value a call of this function binds as a SQL parameter.
function boundDates(fn: EsNode): EsNode[] {
  const dates = new Map<string, EsNode[]>();
  const bound = new Set<string>();
  const boundAt = new Map<string, EsNode[]>();
  const direct: EsNode[] = [];
  for (const { node, ancestors } of walk(fn)) {
    // Nested functions report their own bindings.
    if (ancestors.slice(ancestors.indexOf(fn) + 1).some(isFunction)) continue;
    const target = assignedDate(node);
    if (target) dates.set(target.name, [...(dates.get(target.name) ?? []), target.date]);
    if (node.type !== 'CallExpression') continue;
    const args = node['arguments'] as EsNode[];
    if (!args.some((a) => SQL.test(literalText(a) ?? ''))) continue;
    for (const list of args.filter((a) => a.type === 'ArrayExpression'))
      for (const element of list['elements'] as (EsNode | null)[]) {
        if (element?.type === 'Identifier') {
          const name = element['name'] as string;
          bound.add(name);
          boundAt.set(name, [...(boundAt.get(name) ?? []), element]);
        }
        if (element && isNewDate(element)) direct.push(element);
      }
  }
  const params = (fn['params'] as EsNode[]).filter(isDateParam).map((p) => p['name'] as string);
  const passed = params.filter((name) => !dates.has(name)).flatMap((name) => boundAt.get(name) ?? []);
  return [...direct, ...[...bound].flatMap((name) => dates.get(name) ?? []), ...passed];
}

// `at: Date`: a parameter TypeScript types as exactly a Date (not `at?: Date`, not `Date | null`).
function isDateParam(param: EsNode): boolean {
  const annotation = (param['typeAnnotation'] as EsNode | undefined)?.['typeAnnotation'] as EsNode | undefined;
  const name = annotation?.['typeName'] as EsNode | undefined;
  return (
    param.type === 'Identifier' &&
    !param['optional'] &&
    annotation?.type === 'TSTypeReference' &&
    name?.type === 'Identifier' &&
    name['name'] === 'Date'
  );
}

// `x = new Date()` or `let x = new Date()`: x and the Date expression.
function assignedDate(node: EsNode): { name: string; date: EsNode } | undefined {
  const [id, value] =
    node.type === 'VariableDeclarator'
      ? [node['id'] as EsNode, node['init'] as EsNode | null]
      : node.type === 'AssignmentExpression' && node['operator'] === '='
        ? [node['left'] as EsNode, node['right'] as EsNode]
        : [undefined, null];
  if (id?.type !== 'Identifier' || !value || !isNewDate(value)) return undefined;
  return { name: id['name'] as string, date: value };
}

function isNewDate(node: EsNode): boolean {
  const callee = node['callee'] as EsNode | undefined;
  return node.type === 'NewExpression' && callee?.type === 'Identifier' && callee['name'] === 'Date';
}

// A string literal's text, or a template literal's quasis (`UPDATE t SET ${…}`).
function literalText(node: EsNode): string | null {
  if (node.type === 'Literal' && typeof node['value'] === 'string') return node['value'];
  if (node.type === 'TemplateLiteral')
    return (node['quasis'] as EsNode[]).map((q) => (q['value'] as { cooked: string }).cooked).join('?');
  return null;
}
