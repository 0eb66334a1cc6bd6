import { replaceRange } from '../../node/js-edits.js';
import { closestFieldName } from '../../similarity.js';
import type { RepairTemplate } from '../template.js';
import { linesOf, spanOf, walk } from './estree.js';
import { isFunction } from './object-keys.js';
import { isText, sqlAtFrames, tablesNamed } from './sql-at-frames.js';
import { sqlTableColumns } from './sql-table-columns.js';

const ID = 'node.sql-column-name';
const NO_SUCH_COLUMN = /no such column: (?:\w+\.)?([A-Za-z_]\w*)/;

/**
 * SQL written out with a column its table does not have (`SELECT * FROM smiths ORDER BY joined_at`
 * against `joined_on TEXT NOT NULL`): SQLite refuses it (`no such column: joined_at`) → the table's
 * column that name means, by spelling or meaning, or the one moment column of the same stem
 * (`joined_on`), in that SQL string and in the same function's other SQL on the same tables that names
 * it (both branches of a `WHERE`-or-not query). Only a string or
 * template literal on a line of the trace's in-app frames that holds the name as a word, names its
 * table(s), and whose tables the project's `CREATE TABLE` declares without the name.
 */
export const nodeSqlColumnName: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'name the column the table has in SQL that names one it does not',
  evidence: { kinds: ['runtime_error', 'crash'] },
  async *candidates({ exception, cause, tree }) {
    const name = NO_SUCH_COLUMN.exec(exception?.message ?? '')?.[1];
    if (!name) return;
    const tables = await sqlTableColumns(tree);
    const word = new RegExp(`(?<!\\w)${name}(?!\\w)`, 'g');
    for await (const { file, source, node, ancestors } of sqlAtFrames(cause.trace, tree)) {
      const [first] = linesOf(node);
      const text = source.slice(...spanOf(node));
      if (text.search(word) < 0) continue;
      const named = tablesNamed(text);
      const columns: string[] = named.flatMap((t) => [...(tables.get(t) ?? [])]);
      if (named.length === 0 || columns.length === 0 || columns.includes(name)) continue;
      const column = closestFieldName(name, columns) ?? momentSibling(name, columns);
      if (!column) continue;
      // The function's other SQL on the same tables names the column alike (`WHERE status = ?` or
      // not, both branches `ORDER BY bed_name`): the column is missing from the table in all of them.
      const fn = [...ancestors].reverse().find(isFunction) ?? node;
      const same = [...walk(fn)]
        .map((w) => w.node)
        .filter((n) => isText(n) && source.slice(...spanOf(n)).search(word) >= 0)
        .filter((n) => tablesNamed(source.slice(...spanOf(n))).every((t) => named.includes(t)));
      let updated = source;
      for (const n of same.sort((a, b) => spanOf(b)[0] - spanOf(a)[0])) {
        const [start, end] = spanOf(n);
        updated = replaceRange(updated, start, end, updated.slice(start, end).replace(word, column));
      }
      await tree.write(file, updated);
      yield {
        key: ID,
        summary: `name the column ${column}, not ${name}, in the SQL at ${file}:${first}`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

// `joined_at` for `joined_on`: the same moment, written with another suffix (`_at`, `_on`, `_date`, `_time`).
function momentSibling(name: string, columns: readonly string[]): string | undefined {
  const moment = /^(\w+?)_(?:at|on|date|time|ts)$/;
  const stem = moment.exec(name)?.[1];
  const same = stem ? columns.filter((c) => c !== name && moment.exec(c)?.[1] === stem) : [];
  return same.length === 1 ? same[0] : undefined;
}
