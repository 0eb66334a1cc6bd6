import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { linesOf, spanOf } from './estree.js';
import { sqlAtFrames } from './sql-at-frames.js';
import { sqlTableColumns } from './sql-table-columns.js';

const ID = 'node.sql-ambiguous-column';
const AMBIGUOUS = /ambiguous column name: (?:\w+\.)?([A-Za-z_]\w*)/;
// `FROM flights f`, `FROM flights AS f`, `FROM flights` (then its own name qualifies).
const FROM = new RegExp(
  String.raw`\bFROM\s+["'\`]?(\w+)["'\`]?(?:\s+(?:AS\s+)?` +
    String.raw`(?!(?:JOIN|LEFT|RIGHT|INNER|OUTER|CROSS|WHERE|GROUP|ORDER|LIMIT|ON)\b)(\w+))?`,
  'i',
);

/**
 * A join whose SQL names a column several of its tables have without saying whose (`… FROM flights
 * f JOIN balloons b ON b.id = f.balloon_id WHERE id = ?`): SQLite refuses it (`ambiguous column name:
 * id`) → the query's own table, the one it selects `FROM`, qualifies it (`WHERE f.id = ?`), by its
 * alias or its name. Only SQL at the trace's frames that joins, whose `FROM` table the project's
 * `CREATE TABLE` declares with the column; every unqualified use of the name is qualified
 * (aliases `AS id` aside).
 */
export const nodeSqlAmbiguousColumn: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: "qualify an ambiguous column of a join with the query's own table",
  evidence: { kinds: ['runtime_error', 'crash'] },
  async *candidates({ exception, cause, tree }) {
    const name = AMBIGUOUS.exec(exception?.message ?? '')?.[1];
    if (!name) return;
    const tables = await sqlTableColumns(tree);
    for await (const { file, source, node } of sqlAtFrames(cause.trace, tree)) {
      const [start, end] = spanOf(node);
      const text = source.slice(start, end);
      const from = outerFrom(text);
      if (!from || !/\bJOIN\b/i.test(text) || !tables.get(from[1]!.toLowerCase())?.has(name)) continue;
      const owner = from[2] ?? from[1]!;
      const bare = new RegExp(`(?<![\\w.])(?<!\\bAS\\s+)${name}(?![\\w.])`, 'gi');
      if (text.search(bare) < 0) continue;
      await tree.write(file, replaceRange(source, start, end, text.replace(bare, `${owner}.${name}`)));
      const line = linesOf(node)[0];
      yield {
        key: ID,
        summary: `qualify ${name} as ${owner}.${name}, the column of the query's own table (${file}:${line})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

// The `FROM` of the statement itself, not of a subquery in its select list: the first at depth 0.
function outerFrom(text: string): RegExpExecArray | null {
  const global = new RegExp(FROM.source, 'gi');
  for (let m = global.exec(text); m; m = global.exec(text)) {
    let depth = 0;
    for (const c of text.slice(0, m.index)) depth += c === '(' ? 1 : c === ')' ? -1 : 0;
    if (depth === 0) return m;
  }
  return null;
}
