import type { StackTrace } from '@smoke-repair/log-parser';
import { offsetOf, replaceRange } from '../../node/js-edits.js';
import { locateCulprit } from '../../localize.js';
import type { RepairTemplate } from '../template.js';
import { linesOf, parseFile, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';
import { sqlTableColumns } from './sql-table-columns.js';

const ID = 'node.sql-column-case';

// SQLite's message (sql.js, better-sqlite3, sqlite3) for a column the table does not have.
const NO_SUCH_COLUMN = /no such column: (?:\w+\.)?([A-Za-z_]\w*)/;
// What follows a column name in a comparison or an assignment with a bound value: ` = ?`, ` >= $1`, ` = :x`.
const COMPARED = /^\s*(?:=|==|!=|<>|<=|>=|<|>)\s*(?:\?|\$\d+|[:@$][A-Za-z_]\w*)/;

/**
 * SQL whose column names come from object keys written in camelCase (`Object.entries(patch).map(([key]) =>
 * `${key} = ?`)` for `UPDATE … SET`) against a schema whose columns are snake_case: SQLite refuses it
 * (`Error: no such column: dailyRate`) → the key turned into its column where the SQL is built:
 * `${key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())} = ?`. Every key is still written, under its column.
 * The evidence: the missing column is camelCase, its snake_case form is a column the project's `CREATE TABLE`
 * declares (of a table the function names, when it names any) and the name itself is not; and a function on the
 * trace, from the culprit outward, builds SQL text from a variable followed by a bound comparison (a template
 * literal `${key} = ?` or `key + ' = ?'`). Never fired on a snake_case or unknown name, or on SQL whose column
 * names are all written out (a typo in the text is another bug).
 */
export const nodeSqlColumnCase: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'turn camelCase keys into the snake_case columns they name where SQL is built from them',
  evidence: { kinds: ['runtime_error', 'crash'], culprit: true },
  async *candidates({ exception, cause, tree }) {
    const name = NO_SUCH_COLUMN.exec(exception?.message ?? '')?.[1];
    if (!name || !/^[a-z][a-z0-9]*[A-Z]/.test(name)) return;
    const column = snake(name);
    const tables = [...(await sqlTableColumns(tree))]
      .filter(([, columns]) => columns.has(column) && !columns.has(name))
      .map(([table]) => table);
    if (tables.length === 0) return;
    for (const frame of (cause.trace?.frames ?? []).filter((f) => f.inApp).reverse()) {
      const where = await locateCulprit({ culprit: frame } as StackTrace, tree);
      const source = where ? await tree.read(where.file) : null;
      const program = where && source !== null ? parseFile(where.file, source) : null;
      if (!where || source === null || !program) continue;
      // The innermost function around the frame's position (not a callback later on the same line).
      const at = offsetOf(source, where.line, Math.max((frame.column ?? 1) - 1, 0));
      const fn = [...walk(program)]
        .map(({ node }) => node)
        .filter((n) => isFunction(n) && spanOf(n)[0] <= at && at < spanOf(n)[1])
        .at(-1);
      if (!fn || !namesTable(textOf(source, fn), tables)) continue;
      const keys = keySites(fn);
      if (keys.length === 0) continue;
      let patched = source;
      for (const key of [...keys].sort((a, b) => spanOf(b)[0] - spanOf(a)[0])) {
        const [start, end] = spanOf(key);
        patched = replaceRange(
          patched,
          start,
          end,
          // In TypeScript a key may be typed `keyof T` (string | number | symbol): String() first.
          `${/\.[cm]?tsx?$/.test(where.file) ? `String(${textOf(source, key)})` : textOf(source, key)}` +
            `.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())`,
        );
      }
      await tree.write(where.file, patched);
      const names = [...new Set(keys.map((k) => textOf(source, k)))].join(', ');
      yield {
        key: ID,
        summary:
          `write ${names} as the snake_case column it names (${name} → ${column}) ` +
          `(${where.file}:${linesOf(keys[0]!)[0]})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

// The function names one of the tables in its SQL, or names none (its SQL is built elsewhere).
function namesTable(text: string, tables: readonly string[]): boolean {
  const named = [...text.matchAll(/\b(?:UPDATE|INTO|FROM|JOIN)\s+["'`]?(\w+)/gi)].map((m) => m[1]!.toLowerCase());
  return named.length === 0 || named.some((t) => tables.includes(t));
}

// Variables (`key`, `field.name`) written into SQL text as a column compared with a bound value.
function keySites(fn: EsNode): EsNode[] {
  const out: EsNode[] = [];
  for (const { node } of walk(fn)) {
    if (node.type === 'TemplateLiteral') {
      const quasis = node['quasis'] as EsNode[];
      (node['expressions'] as EsNode[]).forEach((expr, i) => {
        const after = (quasis[i + 1]?.['value'] as { raw?: string } | undefined)?.raw ?? '';
        if (pathOf(expr) !== null && COMPARED.test(after)) out.push(expr);
      });
    } else if (node.type === 'BinaryExpression' && node['operator'] === '+') {
      const [left, right] = [node['left'] as EsNode, node['right'] as EsNode];
      if (pathOf(left) !== null && right.type === 'Literal' && COMPARED.test(String(right['value']))) out.push(left);
    }
  }
  return out;
}
