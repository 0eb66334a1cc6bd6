import { replaceRange } from '../../node/js-edits.js';
import { closestFieldName } from '../../similarity.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { objectShape, typesOf } from '../python/contract-schema.js';
import { linesOf, parseFile, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { dateCaller } from './date-sum-caller.js';
import { holdsDateText } from './date-text-local.js';
import { isFunction } from './object-keys.js';
import { readsOtherFields } from './request-guard.js';
import { localValue, members, onlySharing, ownerTable } from './row-members.js';
import { sqlTableColumns } from './sql-table-columns.js';

const ID = 'node.invalid-date';

/**
 * `RangeError: Invalid time value` from a Date made of a request date (`toISOString()` of
 * `new Date(…)`, on the failing line or in the local it reads) → the Date made right:
 * - `#date-sum`: `new Date(dto.serviceDate + days * DAY_MS)` adds milliseconds to the text of a
 *   field the request (or the 2xx answer: a stored record's `felledOn`) documents as a date, or to
 *   date text the function spells itself (`const start = \`${isoDate}T00:00:00Z\``, a parameter
 *   typed `string`) while the operation documents a date → `new Date(Date.parse(dto.serviceDate) + …)`;
 *   text appended (`+ 'T00:00:00Z'`) is left alone; where the failing line makes no Date (a helper's
 *   `date.toISOString()`), the sum is looked for in the in-app caller that handed it the Date;
 * - `#request-field`: `new Date(data.startTime)` reads a field the request does not document, on
 *   an object whose other reads are documented request fields → the documented date field
 *   (`format: date`/`date-time`) closest to it (`startsAt`), the only one when there is one.
 * - `#row-column`: the Date is made (maybe through locals: `new Date(arrival.getTime() + …)`) of a
 *   row's member no table of the project has a column for (`${row.arrival}T00:00:00Z`), where the
 *   row's other members are the columns of one table → that table's one column sharing a word
 *   with it (`arrival_date`), at every read of the member in the function.
 * Anything else (a stored value, a documented field holding bad text) gets no candidate.
 */
export const nodeInvalidDate: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'make a Date from the request date field (Invalid time value)',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['RangeError'], culprit: true },
  async *candidates({ exception, culprit, tree, operation, cause }) {
    if (!culprit || !/^Invalid time value/.test(exception?.message ?? '')) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    const column = await rowColumn(program, culprit.line, tree);
    if (column) {
      let updated = source;
      for (const at of column.at.sort((a, b) => b - a))
        updated = replaceRange(updated, at, at + column.name.length, column.to);
      await tree.write(culprit.file, updated);
      yield {
        key: `${ID}#row-column`,
        summary:
          `read ${column.row}.${column.to} (a column of ${column.table}) for ${column.row}.${column.name} ` +
          `(${culprit.file})`,
        template: { recipe: ID, mode: 'row-column', field: column.to },
      };
      return;
    }
    const body = objectShape(operation?.requestBody?.schema);
    const dates = body ? dateFields(body) : [];
    // A record's date the answer documents as text (`felledOn`, `format: date`) is text in the code too.
    const answered = (operation?.responses ?? [])
      .filter((r) => /^2/.test(r.status))
      .flatMap((r) => dateFields(r.schema));
    if (dates.length + answered.length === 0) return;
    // A helper handed the Date (`toIsoDate(due)`, its `date.toISOString()` the culprit) makes none
    // itself: the caller that made it is where the sum is (date-sum-caller.ts).
    const own = dateArguments(program, culprit.line);
    const sites =
      own.length > 0
        ? [{ file: culprit.file, source, program, line: culprit.line }]
        : await dateCaller(cause.trace, tree);
    for (const site of sites)
      for (const { arg, fn } of dateArguments(site.program, site.line)) {
        const sum = dateSum(arg, fn, [...dates, ...answered]);
        if (!sum) continue;
        const [start, end] = spanOf(sum.node);
        await tree.write(site.file, replaceRange(site.source, start, end, `Date.parse(${sum.path})`));
        yield {
          key: `${ID}#date-sum`,
          summary: `add to the time of ${sum.path}, not its text (${site.file}:${linesOf(arg)[0]})`,
          template: { recipe: ID, mode: 'date-sum' },
        };
        return;
      }
    for (const { arg, fn } of own) {
      if (!body || dates.length === 0) continue;
      const path = pathOf(arg);
      const field = path?.split('.').at(-1);
      const holder = path?.includes('.') ? path.slice(0, path.lastIndexOf('.')) : null;
      if (!path || !field || !holder || field in body.properties) continue;
      if (
        !/^(req|request)\.body$/.test(holder) &&
        !readsOtherFields(textOf(source, fn), holder, Object.keys(body.properties), field)
      )
        continue;
      const target = dates.length === 1 ? dates[0] : closestFieldName(field, dates);
      if (!target) continue;
      const property = arg['property'] as EsNode;
      const [start, end] = spanOf(property);
      await tree.write(culprit.file, replaceRange(source, start, end, target));
      yield {
        key: `${ID}#request-field`,
        summary: `read the request's ${target}, not ${field} (${culprit.file}:${linesOf(arg)[0]})`,
        template: { recipe: ID, mode: 'request-field', field: target },
      };
      return;
    }
  },
};

// `new Date(d.on + n * DAY_MS)`: the left of a `+` holding date text (a documented date field, or text
// the function spells itself: `${isoDate}T00:00:00Z`, a `string` parameter), and its path. Text
// appended (`d + 'T00:00:00Z'`) is a date-time being spelled, not milliseconds added.
function dateSum(arg: EsNode, fn: EsNode, documented: readonly string[]): { node: EsNode; path: string } | null {
  const sum = arg.type === 'BinaryExpression' && arg['operator'] === '+' ? (arg['left'] as EsNode) : null;
  const path = sum ? pathOf(sum) : null;
  const added = arg['right'] as EsNode | undefined;
  const text = added?.type === 'TemplateLiteral' || (added?.type === 'Literal' && typeof added['value'] === 'string');
  if (!sum || !path || text) return null;
  return documented.includes(path.split('.').at(-1)!) || holdsDateText(fn, sum) ? { node: sum, path } : null;
}

// The argument of each one-argument `new Date(x)` on the failing line, or initialising a local
// (`const start = new Date(x)`) that the failing line reads, with the function around it.
function dateArguments(program: EsNode, line: number): { arg: EsNode; fn: EsNode }[] {
  const out: { arg: EsNode; fn: EsNode }[] = [];
  const onLine = new Set<string>();
  for (const { node } of walk(program))
    if (node.type === 'Identifier' && linesOf(node)[0] === line) onLine.add(node['name'] as string);
  for (const { node, ancestors } of walk(program)) {
    if (
      node.type !== 'NewExpression' ||
      pathOf(node['callee'] as EsNode) !== 'Date' ||
      (node['arguments'] as EsNode[]).length !== 1
    )
      continue;
    const fn = [...ancestors].reverse().find(isFunction);
    const parent = ancestors.at(-1);
    const local =
      parent?.type === 'VariableDeclarator' && (parent['id'] as EsNode).type === 'Identifier'
        ? ((parent['id'] as EsNode)['name'] as string)
        : null;
    if (fn && (linesOf(node)[0] === line || (local && onLine.has(local) && linesOf(node)[0] < line)))
      out.push({ arg: (node['arguments'] as EsNode[])[0]!, fn });
  }
  return out;
}

// A row member a Date on the failing line is made of (through up to three locals) that no table
// has a column for, the row's table, the column meant, and the offsets of the member's reads.
async function rowColumn(
  program: EsNode,
  line: number,
  tree: SourceTree,
): Promise<{ row: string; name: string; table: string; to: string; at: number[] } | null> {
  const made = dateArguments(program, line);
  if (made.length === 0) return null;
  const tables = await sqlTableColumns(tree);
  if (tables.size === 0) return null;
  const known = new Set([...tables.values()].flatMap((c) => [...c]));
  for (const { arg, fn } of made) {
    // The values the Date is made of: its argument, and the initialisers of the locals it reads.
    const parts = [arg];
    for (let i = 0; i < parts.length && parts.length < 4; i++)
      for (const { node, ancestors } of walk(parts[i]!)) {
        const parent = ancestors.at(-1);
        const property = parent?.type === 'MemberExpression' && parent['property'] === node && !parent['computed'];
        const init = node.type === 'Identifier' && !property ? localValue(fn, node) : null;
        if (init && !parts.includes(init)) parts.push(init);
      }
    const unknown = parts.flatMap((p) => members(p)).filter((m) => !known.has(m.name) && !m.assigned && !m.called);
    const names = new Set(unknown.map((m) => `${m.row}.${m.name}`));
    if (names.size !== 1) continue;
    const { row, name } = unknown[0]!;
    const reads = members(fn).filter((m) => m.row === row);
    if (reads.some((m) => m.name === name && m.assigned)) continue;
    const table = ownerTable(reads, name, tables);
    const to = table ? onlySharing(name, [...tables.get(table)!]) : null;
    if (table && to) return { row, name, table, to, at: reads.filter((m) => m.name === name).map((m) => m.at) };
  }
  return null;
}

// The properties a schema documents as date text (`format: date`/`date-time`), at any depth.
function dateFields(schema: unknown, depth = 0): string[] {
  if (!schema || typeof schema !== 'object' || depth > 6) return [];
  const s = schema as Record<string, unknown>;
  const properties = (s['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  const own = Object.entries(properties)
    .filter(([, p]) => p && typesOf(p).includes('string') && /^date(-time)?$/.test(String(p['format'] ?? '')))
    .map(([name]) => name);
  const nested = [s['items'], ...Object.values(properties), ...((s['allOf'] as unknown[]) ?? [])];
  return [...own, ...nested.flatMap((n) => dateFields(n, depth + 1))];
}
