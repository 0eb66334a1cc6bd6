import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { objectShape } from '../python/contract-schema.js';
import { linesOf, parseFile, pathOf, spanOf, walk, type EsNode } from './estree.js';
import { isBind } from './sqlite-bind-boolean.js';

const ID = 'node.not-null-insert';

/**
 * `SqliteError: NOT NULL constraint failed: tasks.due_on` from an `INSERT` whose column list leaves
 * the column out, although the request carries it → the column inserted with the request's value:
 * `due_on` added to the columns, a `?` to the values, and the argument read the way the call reads
 * the others (`task.dueOn` beside `task.bedId`, `task.title`). Only for a positional better-sqlite3
 * `prepare('INSERT INTO t (…) VALUES (…)').run(…)` on the failing line, a column the statement does
 * not list, and a request field that names it (the same name, or its camelCase) and that the
 * contract documents as required (an optional one may be absent: no candidate).
 */
export const nodeNotNullInsert: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'insert a NOT NULL column the INSERT leaves out, from the request field that names it',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['SqliteError'], culprit: true, contract: true },
  async *candidates({ exception, culprit, tree, operation }) {
    const failed = /^NOT NULL constraint failed: (\w+)\.(\w+)/.exec(exception?.message ?? '');
    const body = objectShape(operation?.requestBody?.schema);
    if (!culprit || !failed || !body) return;
    const [, table, column] = failed as unknown as [string, string, string];
    const camel = column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    const field = [column, camel].find((name) => body.required.includes(name) && body.properties[name]);
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!field || !program || source === null) return;
    const call = [...walk(program)]
      .map((w) => w.node)
      .find((n) => isBind(n) && linesOf(n)[0] <= culprit.line && culprit.line <= linesOf(n)[1]);
    const sql = call ? statementText(call, source) : null;
    if (!call || !sql) return;
    const insert = new RegExp(
      `^(\\s*INSERT\\s+INTO\\s+["'\`]?${table}["'\`]?\\s*\\()([^()]*)(\\)\\s*VALUES\\s*\\()([^()]*)(\\)[\\s\\S]*)$`,
      'i',
    ).exec(sql.text);
    if (!insert) return;
    const columns = insert[2]!.split(',').map((c) => c.trim().replace(/^["'`]|["'`]$/g, ''));
    const values = insert[4]!.split(',').map((v) => v.trim());
    if (columns.includes(column) || columns.length !== values.length || values.some((v) => /^[@:$]/.test(v))) return;
    // The object the call reads the other request fields from (`task` of `task.title`).
    const args = call['arguments'] as EsNode[];
    const holders = new Set(
      args
        .map((a) => pathOf(a))
        .filter((p): p is string => !!p && p.includes('.') && p.split('.').at(-1)! in body.properties)
        .map((p) => p.slice(0, p.lastIndexOf('.'))),
    );
    if (holders.size !== 1 || args.length === 0) return;
    const holder = [...holders][0]!;
    const append = (list: string, item: string) => list.replace(/(\s*)$/, `, ${item}$1`);
    const text = `${insert[1]}${append(insert[2]!, column)}${insert[3]}${append(insert[4]!, '?')}${insert[5]}`;
    const lastArg = args.at(-1)!;
    let updated = replaceRange(source, spanOf(lastArg)[1], spanOf(lastArg)[1], `, ${holder}.${field}`);
    updated = replaceRange(updated, sql.start, sql.end, text);
    await tree.write(culprit.file, updated);
    yield {
      key: ID,
      summary: `insert ${table}.${column} from ${holder}.${field} (${culprit.file}:${culprit.line})`,
      template: { recipe: ID },
    };
  },
};

/**
 * The SQL text of `….prepare('…')` the statement call is made on (a plain string or a template
 * literal without expressions), with its offsets inside the quotes.
 */
export function statementText(call: EsNode, source: string): { text: string; start: number; end: number } | null {
  const object = (call['callee'] as EsNode)['object'] as EsNode;
  const prepare = object.type === 'CallExpression' ? (object['callee'] as EsNode) : null;
  const literal =
    prepare?.type === 'MemberExpression' && (prepare['property'] as EsNode)['name'] === 'prepare'
      ? (object['arguments'] as EsNode[])[0]
      : undefined;
  if (!literal) return null;
  const [start, end] = spanOf(literal);
  if (literal.type === 'Literal' && typeof literal['value'] === 'string')
    return { text: source.slice(start + 1, end - 1), start: start + 1, end: end - 1 };
  const quasis = literal.type === 'TemplateLiteral' ? (literal['quasis'] as EsNode[]) : [];
  if (quasis.length === 1) return { text: source.slice(start + 1, end - 1), start: start + 1, end: end - 1 };
  return null;
}
