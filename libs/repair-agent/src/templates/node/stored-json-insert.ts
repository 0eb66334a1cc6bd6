import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import type { SourceTree } from '../../source/source-tree.js';
import { objectShape, typesOf } from '../python/contract-schema.js';
import type { RepairTemplate, TemplateContext } from '../template.js';
import { isFunction } from './object-keys.js';
import { linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { isBind } from './sqlite-bind-boolean.js';
import { statementText } from './not-null-insert.js';

const ID = 'node.stored-json-insert';

/** A positional INSERT leaving out a column the request's body documents (see `insertOmitting`). */
export interface OmittingInsert {
  readonly file: string;
  readonly source: string;
  readonly table: string;
  readonly column: string;
  readonly field: string;
  /** `{}` / `[]`: the documented field's empty value. */
  readonly empty: string;
  readonly call: EsNode;
  readonly fn: EsNode;
}

/**
 * `SyntaxError: Unexpected end of JSON input` at `JSON.parse(row.prefs)`: the column's `DEFAULT ''`
 * was stored because the project's one INSERT into the one table declaring `prefs` leaves it out,
 * although the request documents the field (`prefs`, or its camelCase) → the INSERT stores it,
 * `JSON.stringify(prefs ?? {})` (the documented type's empty value when it is absent), read from
 * the inserting function's destructured parameter (`insert({ name, email })`, the name added) or
 * the object its other arguments are read from (`member.name`). Named parameters, several INSERTs
 * into the table leaving the column out (one that stores it, a seed's, cannot have made the row),
 * a field the request does not document: no candidate.
 */
export const nodeStoredJsonInsert: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'store the request field an INSERT leaves out, so the JSON column it reads back is not empty',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['SyntaxError'], culprit: true, contract: true },
  async *candidates({ exception, culprit, tree, operation }) {
    if (!culprit || !/Unexpected end of JSON input/.test(exception?.message ?? '')) return;
    const source = await tree.read(culprit.file);
    const line = source?.split('\n')[culprit.line - 1] ?? '';
    const column = /JSON\.parse\(\s*[\w$.]*\.([A-Za-z_$][\w$]*)\s*\)/.exec(line)?.[1];
    const found = column ? await insertOmitting(tree, column, operation) : null;
    if (!found) return;
    const args = found.call['arguments'] as EsNode[];
    const param = (found.fn['params'] as EsNode[])[0];
    let value: string | null = null;
    let updated = found.source;
    const holder = commonHolder(args);
    const edits: { at: number; text: string }[] = [];
    if (param?.type === 'ObjectPattern' && args.every((a) => a.type === 'Identifier')) {
      const props = param['properties'] as EsNode[];
      if (props.some((p) => p.type === 'RestElement') || props.length === 0) return;
      edits.push({ at: spanOf(props.at(-1)!)[1], text: `, ${found.field}` });
      value = found.field;
    } else if (holder) value = `${holder}.${found.field}`;
    if (!value || args.length === 0) return;
    edits.push({ at: spanOf(args.at(-1)!)[1], text: `, JSON.stringify(${value} ?? ${found.empty})` });
    const sql = statementText(found.call, found.source)!;
    const rewritten = sql.text.replace(
      /^(\s*INSERT\s+INTO\s+\S+\s*\()([^()]*)(\)\s*VALUES\s*\()([^()]*)(\))/i,
      (_, a: string, cols: string, b: string, vals: string, c: string) =>
        `${a}${cols.replace(/(\s*)$/, `, ${found.column}$1`)}${b}${vals.replace(/(\s*)$/, `, ?$1`)}${c}`,
    );
    const all = [...edits, { at: sql.start, text: '' }].sort((x, y) => y.at - x.at);
    for (const edit of all)
      updated =
        edit.at === sql.start
          ? replaceRange(updated, sql.start, sql.end, rewritten)
          : replaceRange(updated, edit.at, edit.at, edit.text);
    await tree.write(found.file, updated);
    yield {
      key: ID,
      summary:
        `store ${found.table}.${found.column} from the request's ${found.field} ` +
        `(${found.file}:${linesOf(found.call)[0]})`,
      template: { recipe: ID },
    };
  },
};

/**
 * The project's one positional better-sqlite3 INSERT into the one table whose CREATE TABLE declares
 * `column` that leaves the column out (INSERTs storing it aside) and the operation's request body documents it as an
 * object or an array (`column` or its camelCase). Else null.
 */
export async function insertOmitting(
  tree: SourceTree,
  column: string,
  operation: TemplateContext['operation'],
): Promise<OmittingInsert | null> {
  const body = objectShape(operation?.requestBody?.schema);
  const camel = column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const field = [column, camel].find((name) => body?.properties[name]);
  const types = field ? typesOf(body!.properties[field]!) : [];
  const empty = types.includes('array') ? '[]' : types.includes('object') ? '{}' : null;
  if (!field || !empty) return null;
  const sources = new Map<string, string>();
  for (const file of await projectSourceFiles(tree)) {
    const source = await tree.read(file);
    if (source !== null) sources.set(file, source);
  }
  const tables = [...sources.values()].flatMap((s) =>
    [...s.matchAll(/CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?["'`]?(\w+)["'`]?\s*\(([^;]*?)\)\s*;?\s*(?=`|CREATE)/gi)]
      .filter((m) => new RegExp(`(?:^|[(,])\\s*["'\`]?${column}["'\`]?\\s+\\w+`).test(m[2]!))
      .map((m) => m[1]!),
  );
  if (new Set(tables).size !== 1) return null;
  const table = tables[0]!;
  const inserts: OmittingInsert[] = [];
  let omitting = 0;
  for (const [file, source] of sources) {
    if (!new RegExp(`INSERT\\s+INTO\\s+["'\`]?${table}\\b`, 'i').test(source)) continue;
    const program = parseFile(file, source);
    for (const { node, ancestors } of program ? walk(program) : []) {
      if (!isBind(node)) continue;
      const sql = statementText(node, source);
      const insert =
        sql &&
        new RegExp(
          `^\\s*INSERT\\s+INTO\\s+["'\`]?${table}["'\`]?\\s*\\(([^()]*)\\)\\s*VALUES\\s*\\(([^()]*)\\)`,
          'i',
        ).exec(sql.text);
      const columns = insert?.[1]!.split(',').map((c) => c.trim().replace(/^["'`]|["'`]$/g, ''));
      // An INSERT that stores the column (a seed's) cannot have left it '': only the others count.
      if (!insert || columns!.includes(column)) continue;
      omitting++;
      const values = insert[2]!.split(',').map((v) => v.trim());
      const fn = [...ancestors].reverse().find(isFunction);
      if (columns!.length !== values.length || values.some((v) => v !== '?') || !fn) continue;
      inserts.push({ file, source, table, column, field, empty, call: node, fn });
    }
  }
  return omitting === 1 && inserts.length === 1 ? inserts[0]! : null;
}

// `member` when every argument reads `member.x`.
function commonHolder(args: readonly EsNode[]): string | null {
  const holders = new Set(
    args.map((a) =>
      a.type === 'MemberExpression' && !a['computed'] && (a['object'] as EsNode).type === 'Identifier'
        ? ((a['object'] as EsNode)['name'] as string)
        : null,
    ),
  );
  return holders.size === 1 ? [...holders][0]! : null;
}
