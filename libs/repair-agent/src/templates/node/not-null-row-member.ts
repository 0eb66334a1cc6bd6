import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { spanOf, type EsNode } from './estree.js';
import { localValue, members, onlySharing, ownerTable, sharesWord } from './row-members.js';
import { isFunction } from './object-keys.js';
import { sqlAtFrames } from './sql-at-frames.js';
import { sqlTableColumns } from './sql-table-columns.js';

const ID = 'node.not-null-row-member';
const NOT_NULL = /NOT NULL constraint failed: (\w+)\.(\w+)/;

/**
 * A row read through a member its table has no column for (`batch.live_count` where `batches`
 * has `oyster_count`) is undefined, so the value bound for a NOT NULL column is NaN or undefined
 * and SQLite refuses it (`NOT NULL constraint failed: batches.oyster_count`) → the member read as
 * the column the statement writes, everywhere the function reads it (a guard reading the same
 * member compares against undefined too). Evidence: the statement on a line of the trace's in-app
 * frames (`UPDATE t SET c = ?` or `INSERT INTO t (…c…) VALUES (…?…)`, positional), the value bound
 * for `c` reads exactly one `row.m` where no table of the project has a column `m`, the function
 * reads other members of `row` that are `t`'s columns (it is a row of `t`), never assigns `row.m`,
 * and `m` shares a word with `c` (else with exactly one other column of `t`: that one is meant).
 * The value may be a local the function computes first (`const fee = mooring.daily_rate * nights`),
 * and `row` a row of another table: the one table holding every other member the function reads
 * on it (two at least), whose one column sharing a word with `m` is meant (`daily_rate_pence`).
 */
export const nodeNotNullRowMember: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: "read a row's column where a member its table lacks left a NOT NULL value undefined",
  evidence: { kinds: ['runtime_error', 'crash'] },
  async *candidates({ exception, cause, tree }) {
    const failed = NOT_NULL.exec(exception?.message ?? '');
    if (!failed) return;
    const [, table, column] = failed as unknown as [string, string, string];
    const tables = await sqlTableColumns(tree);
    const columns = tables.get(table.toLowerCase());
    if (!columns?.has(column)) return;
    const known = new Set([...tables.values()].flatMap((c) => [...c]));
    for await (const { file, source, node, ancestors } of sqlAtFrames(cause.trace, tree)) {
      const call = ancestors.at(-1);
      const params = call?.type === 'CallExpression' ? boundArray(call, node) : null;
      const index = params ? placeholderOf(source.slice(...spanOf(node)), table, column) : null;
      const fn = [...ancestors].reverse().find(isFunction);
      const bound = index === null ? undefined : params!.elements[index];
      // A local the function computes the value in first (`const fee = row.rate * nights`): its initialiser.
      const value = bound && fn ? (localValue(fn, bound) ?? bound) : bound;
      if (!value || !fn) continue;
      const unknown = members(value).filter((m) => !known.has(m.name));
      const names = new Set(unknown.map((m) => `${m.row}.${m.name}`));
      if (names.size !== 1) continue;
      const { row, name } = unknown[0]!;
      const reads = members(fn).filter((m) => m.row === row);
      if (reads.some((m) => m.name === name && m.assigned)) continue;
      // A row of another table (`mooring.code`, `mooring.max_length_m`): the column of that table.
      const owner = ownerTable(reads, name, tables);
      const target =
        owner && owner !== table.toLowerCase()
          ? onlySharing(name, [...tables.get(owner)!])
          : reads.some((m) => columns.has(m.name))
            ? sharesWord(name, column)
              ? column
              : onlySharing(name, [...columns])
            : null;
      if (!target) continue;
      let updated = source;
      for (const m of reads.filter((r) => r.name === name).sort((a, b) => b.at - a.at))
        updated = replaceRange(updated, m.at, m.at + name.length, target);
      await tree.write(file, updated);
      yield {
        key: ID,
        summary: `read ${row}.${target} (a column of ${owner ?? table}) for ${row}.${name}, which it lacks (${file})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

// The array literal of bound values passed beside the SQL argument of a call (`db.run(sql, [...])`,
// `prepare(sql).run(...)` is not this shape).
function boundArray(call: EsNode, sql: EsNode): { elements: (EsNode | null)[] } | null {
  const args = call['arguments'] as EsNode[];
  const next = args[args.indexOf(sql) + 1];
  return next?.type === 'ArrayExpression' ? { elements: next['elements'] as (EsNode | null)[] } : null;
}

// The 0-based index of the `?` bound for `column` in an UPDATE's SET or an INSERT's VALUES of `table`.
function placeholderOf(text: string, table: string, column: string): number | null {
  if (/[@:$]\w/.test(text.replace(/'[^']*'/g, ''))) return null;
  const update = new RegExp(`\\bUPDATE\\s+["'\`]?${table}["'\`]?\\s+SET\\b`, 'i').exec(text);
  if (update) {
    const set = new RegExp(`(?<![\\w.])${column}["'\`]?\\s*=\\s*\\?`, 'i').exec(text.slice(update.index));
    return set ? (text.slice(0, update.index + set.index).match(/\?/g) ?? []).length : null;
  }
  const insert = new RegExp(
    `\\bINSERT\\s+INTO\\s+["'\`]?${table}["'\`]?\\s*\\(([^()]*)\\)\\s*VALUES\\s*\\(([^()]*)\\)`,
    'i',
  ).exec(text);
  if (!insert) return null;
  const names = insert[1]!.split(',').map((c) => c.trim().replace(/^["'`]|["'`]$/g, ''));
  const values = insert[2]!.split(',').map((v) => v.trim());
  const at = names.indexOf(column);
  if (at < 0 || names.length !== values.length || values[at] !== '?') return null;
  return (text.slice(0, insert.index).match(/\?/g) ?? []).length + values.slice(0, at).filter((v) => v === '?').length;
}
