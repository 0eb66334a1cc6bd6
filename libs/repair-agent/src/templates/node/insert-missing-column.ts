import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { linesOf, pathOf, spanOf, type EsNode } from './estree.js';
import { sqlAtFrames } from './sql-at-frames.js';

const ID = 'node.insert-missing-column';
const NOT_NULL = /NOT NULL constraint failed: (\w+)\.(\w+)/;

/**
 * `NOT NULL constraint failed: bookings.passenger_email` from an `INSERT INTO bookings (flight_id,
 * passenger_name, seats) VALUES (?, ?, ?)` whose column list leaves the column out, its values handed
 * beside it as `[data.flightId, data.passengerName, data.seats]`: one object's fields, one per `?`,
 * each the camelCase of its column → the column, a `?` and `data.passengerEmail` appended to the
 * three lists. Never a nullable column or a default: the value is the row's own. A values array of
 * another shape, or placeholders that do not match it one to one: no candidate.
 */
export const nodeInsertMissingColumn: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'insert the NOT NULL column an INSERT leaves out, from the field its siblings come from',
  evidence: { kinds: ['runtime_error', 'crash'] },
  async *candidates({ exception, cause, tree }) {
    const refused = NOT_NULL.exec(exception?.message ?? '');
    if (!refused) return;
    const [table, column] = [refused[1]!, refused[2]!];
    for await (const { file, source, node, ancestors } of sqlAtFrames(cause.trace, tree)) {
      const [start, end] = spanOf(node);
      const text = source.slice(start, end);
      const insert = new RegExp(
        `(\\bINSERT\\s+INTO\\s+["'\`]?${table}["'\`]?\\s*\\()([^)]*)(\\)\\s*VALUES\\s*\\()([^)]*)(\\))`,
        'i',
      ).exec(text);
      const call = ancestors.at(-1);
      const values = call?.type === 'CallExpression' ? (call['arguments'] as EsNode[])[1] : undefined;
      if (!insert || values?.type !== 'ArrayExpression') continue;
      const columns = insert[2]!.split(',').map((c) => c.trim());
      if (columns.includes(column)) continue;
      const fields = (values['elements'] as (EsNode | null)[]).map((e) => (e ? pathOf(e) : null));
      const holders = new Set(fields.map((f) => f?.replace(/\.[\w$]+$/, '')));
      const placeholders = (insert[4]!.match(/\?/g) ?? []).length;
      const holder = [...holders][0];
      if (holders.size !== 1 || !holder || fields.some((f) => f === null) || placeholders !== fields.length) continue;
      const edited =
        text.slice(0, insert.index) +
        `${insert[1]}${insert[2]!.replace(/\s*$/, '')}, ${column}` +
        `${insert[3]}${insert[4]!.replace(/\s*$/, '')}, ?${insert[5]}` +
        text.slice(insert.index + insert[0].length);
      const elements = (values['elements'] as EsNode[]).filter(Boolean);
      const last = elements.at(-1)!;
      const field = `${holder}.${camel(column)}`;
      const [, lastEnd] = spanOf(last);
      // The values array after the SQL: edit it first, then the SQL before it.
      let updated = replaceRange(source, lastEnd, lastEnd, `, ${field}`);
      updated = replaceRange(updated, start, end, edited);
      await tree.write(file, updated);
      const line = linesOf(node)[0];
      yield {
        key: ID,
        summary: `insert ${column} from ${field}, which the INSERT left out (${file}:${line})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

function camel(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
