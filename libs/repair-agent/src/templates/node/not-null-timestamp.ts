import { projectSourceFiles } from '../../node/project-source-files.js';
import { indentAt, replaceRange } from '../../node/js-edits.js';
import { objectShape, successSchema } from '../python/contract-schema.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { documentedField } from './schema-field.js';

const ID = 'node.not-null-timestamp';
const STAMP = /^(?:created|updated|inserted|added|registered|submitted)_(?:at|on)$/;

/**
 * `NOT NULL constraint failed: customers.created_at` from an INSERT whose column list leaves out
 * the row's creation time, a column the request does not carry (the server stamps it) → the
 * column inserted with `new Date().toISOString()`. Only for a `created_at`-style column the
 * project's SQL declares TEXT, a request body that does not document it, a response that
 * documents it as a `date-time` string, and an INSERT of positional `?` values on a frame of the
 * trace: `db.prepare('INSERT …').run(a, b)` or `execute('INSERT …', [a, b])`.
 */
export const nodeNotNullTimestamp: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'stamp the creation time an INSERT leaves out of its NOT NULL column',
  evidence: { kinds: ['runtime_error', 'crash'], contract: true },
  async *candidates({ cause, exception, tree, operation }) {
    const failed = /NOT NULL constraint failed: (\w+)\.(\w+)/.exec(exception?.message ?? '');
    if (!failed || !STAMP.test(failed[2]!)) return;
    const [, table, column] = failed as unknown as [string, string, string];
    const camel = column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    const request = objectShape(operation?.requestBody?.schema);
    if (request && (request.properties[column] || request.properties[camel])) return;
    const documented =
      documentedField(successSchema(operation ?? null), camel) ??
      documentedField(successSchema(operation ?? null), column);
    if (documented?.['format'] !== 'date-time') return;
    const files = await projectSourceFiles(tree);
    const sources = new Map<string, string>();
    for (const file of files) sources.set(file, (await tree.read(file)) ?? '');
    const declared = new RegExp(`\\b${column}\\s+TEXT\\b`, 'i');
    if (![...sources.values()].some((s) => declared.test(s))) return;
    for (const frame of (cause.trace?.frames ?? []).filter((f) => f.inApp)) {
      const file = files.find((f) => frame.file.endsWith(`/${f}`));
      const source = file ? sources.get(file)! : '';
      const program = file ? parseFile(file, source) : null;
      for (const { node } of program ? walk(program) : []) {
        const [first, last] = linesOf(node);
        if (node.type !== 'CallExpression' || first > frame.line || frame.line > last) continue;
        const insert = insertCall(node, source, table);
        if (!insert || insert.columns.includes(column)) continue;
        const append = (list: string, item: string) => list.replace(/(\s*)$/, `, ${item}$1`);
        const columns = append(insert.columnText, column);
        const sql = `${insert.head}${columns}${insert.middle}${append(insert.valueText, '?')}${insert.tail}`;
        const at = spanOf(insert.args.at(-1)!)[1];
        // One value a line stays so: the stamp goes on its own line, indented like the last.
        const own = /^,?[ \t]*\n/.test(source.slice(at, at + 3))
          ? `\n${indentAt(source, spanOf(insert.args.at(-1)!)[0])}`
          : ' ';
        let updated = replaceRange(source, at, at, `,${own}new Date().toISOString()`);
        updated = replaceRange(updated, insert.start, insert.end, sql);
        await tree.write(file!, updated);
        yield {
          key: siteKey(ID, file!, first),
          summary: `insert ${table}.${column} as the time of the insert (${file}:${first})`,
          template: { recipe: ID },
        };
        return;
      }
    }
  },
};

type Insert = {
  start: number;
  end: number;
  head: string;
  columnText: string;
  middle: string;
  valueText: string;
  tail: string;
  columns: string[];
  args: EsNode[];
};

// An INSERT INTO `table` of positional `?` values: `….prepare(sql).run(args)` or `f(sql, [args])`.
function insertCall(call: EsNode, source: string, table: string): Insert | null {
  const callee = call['callee'] as EsNode;
  const callArgs = call['arguments'] as EsNode[];
  let literal: EsNode | undefined;
  let args: EsNode[] | undefined;
  const inner = callee.type === 'MemberExpression' ? (callee['object'] as EsNode) : null;
  if (
    inner?.type === 'CallExpression' &&
    ((inner['callee'] as EsNode)['property'] as EsNode | undefined)?.['name'] === 'prepare'
  ) {
    literal = (inner['arguments'] as EsNode[])[0];
    args = callArgs;
  } else if (callArgs.length === 2 && callArgs[1]!.type === 'ArrayExpression') {
    literal = callArgs[0];
    args = callArgs[1]!['elements'] as EsNode[];
  }
  if (!literal || !args || args.length === 0 || args.some((a) => !a || a.type === 'SpreadElement')) return null;
  const quasis = literal.type === 'TemplateLiteral' ? (literal['quasis'] as EsNode[]) : [];
  if (!(literal.type === 'Literal' && typeof literal['value'] === 'string') && quasis.length !== 1) return null;
  const [start, end] = [spanOf(literal)[0] + 1, spanOf(literal)[1] - 1];
  const m = new RegExp(
    `^(\\s*INSERT\\s+INTO\\s+["'\`]?${table}["'\`]?\\s*\\()([^()]*)(\\)\\s*VALUES\\s*\\()([^()]*)(\\)[\\s\\S]*)$`,
    'i',
  ).exec(source.slice(start, end));
  if (!m) return null;
  const columns = m[2]!.split(',').map((c) => c.trim().replace(/^["'`]|["'`]$/g, ''));
  const values = m[4]!.split(',').map((v) => v.trim());
  if (values.some((v) => v !== '?') || values.length !== columns.length || values.length !== args.length) return null;
  return { start, end, head: m[1]!, columnText: m[2]!, middle: m[3]!, valueText: m[4]!, tail: m[5]!, columns, args };
}
