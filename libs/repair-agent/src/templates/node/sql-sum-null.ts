import { lineText, replaceRange } from '../../node/js-edits.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import { successSchema } from '../python/contract-schema.js';
import type { RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { frameSources } from './frame-sources.js';
import { admitsNull } from '../python/contract-schema.js';
import { admitsZero, propertySchema } from './schema-number.js';
import { isText } from './sql-at-frames.js';

const ID = 'node.sql-sum-null';
// A null where a number was wanted: a project check's words (`… got null`), or JavaScript's own.
const NULL_USED = /\bnull\b/;
// `SUM(h.dozens * h.price_cents) AS revenue_cents`, not already wrapped; a scaling by a number may
// follow (`SUM(jp.quantity * jp.unit_price_pence) / 100.0 AS cost`): NULL / 100.0 is NULL too.
const AGGREGATE =
  /(?<!\(\s*)\b(SUM|AVG|MIN|MAX)\s*\(((?:[^()]|\([^()]*\))*)\)(\s*[*/]\s*\d+(?:\.\d+)?)?\s+AS\s+["`]?(\w+)/gi;

/**
 * A SQL `SUM` over no rows is NULL (a bed with no harvests in a `LEFT JOIN … GROUP BY`), and the row's
 * value fails where the code converts it (`centsToAmount(row.revenue_cents)`: `… got null`) →
 * `COALESCE(SUM(…), 0) AS revenue_cents`, with every other bare `SUM` of that statement (they are
 * NULL for the same empty groups). Evidence: a failure that names null, a row key read on a line of
 * the trace's in-app frames, and exactly one SQL text in the project aliasing an unwrapped `SUM` to
 * that key (the SUM maybe scaled by a number, `SUM(…) / 100.0 AS cost`, the scaling kept after the
 * COALESCE). AVG, MIN and MAX keep their NULL ("no value" may be what they mean) unless the key is
 * read into a property of the answer that the contract documents as a number, not nullable, whose
 * range holds 0 (`averageNights: Number(stats.avg_nights.toFixed(1))`): then that aggregate is
 * COALESCEd too. Read into a property the contract documents as nullable, the aggregate's NULL is
 * the answer ("null when there are no readings"): that property's value is guarded instead
 * (`meanHours: s.mean_hours === null ? null : Number(s.mean_hours.toFixed(1))`), the SQL kept.
 */
export const nodeSqlSumNull: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'COALESCE a SQL SUM that is NULL over no rows to 0',
  evidence: { kinds: ['runtime_error', 'crash'] },
  async *candidates({ exception, cause, tree, operation }) {
    if (!NULL_USED.test(exception?.message ?? '')) return;
    const keys = new Set<string>();
    // Keys whose value the answer documents as a number that may be 0 (see zeroFields).
    const zero = new Set<string>();
    // Reads into a property the answer documents as nullable (see nullFields).
    const nulls: NullRead[] = [];
    const schema = successSchema(operation);
    for await (const { file, line, source, program } of frameSources(cause.trace, tree)) {
      for (const m of lineText(source, line).matchAll(/\.([A-Za-z_]\w*)\b(?!\s*\()|\[\s*['"](\w+)['"]\s*\]/g))
        keys.add((m[1] ?? m[2])!);
      for (const key of zeroFields(program, line, keys, schema)) zero.add(key);
      nulls.push(...nullFields(program, line, keys, schema).map((r) => ({ ...r, file, source })));
    }
    if (keys.size === 0) return;
    const guarded = new Set(nulls.map((r) => r.key));
    const wanted = (fn: string, alias: string) =>
      !guarded.has(alias) && (fn.toUpperCase() === 'SUM' ? keys : zero).has(alias);
    const sites: { file: string; source: string; start: number; end: number; text: string }[] = [];
    const nullSites: string[] = [];
    for (const file of await projectSourceFiles(tree)) {
      const source = await tree.read(file);
      if (source === null || !/\b(?:SUM|AVG|MIN|MAX)\s*\(/i.test(source)) continue;
      const program = parseFile(file, source);
      for (const { node } of program ? walk(program) : []) {
        if (!isText(node)) continue;
        const [start, end] = spanOf(node);
        const text = source.slice(start, end);
        if ([...text.matchAll(AGGREGATE)].some((m) => wanted(m[1]!, m[4]!)))
          sites.push({ file, source, start, end, text });
        for (const m of text.matchAll(AGGREGATE)) if (guarded.has(m[4]!)) nullSites.push(m[4]!);
      }
    }
    // A documented null: the one read of the one aggregate aliased to that key is guarded.
    if (sites.length === 0 && nulls.length === 1 && nullSites.length === 1) {
      const { file, source, member, value } = nulls[0]!;
      const [start, end] = spanOf(value);
      const read = source.slice(...spanOf(member));
      await tree.write(file, replaceRange(source, start, end, `${read} === null ? null : ${source.slice(start, end)}`));
      const line = linesOf(value)[0];
      yield {
        key: `${ID}#null`,
        summary: `answer null where ${read} (a SQL aggregate over no rows) is NULL, as documented (${file}:${line})`,
        template: { recipe: ID },
      };
      return;
    }
    if (sites.length !== 1) return;
    const site = sites[0]!;
    const fixed = site.text.replace(
      AGGREGATE,
      (whole: string, fn: string, inner: string, scale: string | undefined, alias: string) =>
        fn.toUpperCase() === 'SUM' || zero.has(alias)
          ? `COALESCE(${fn}(${inner}), 0)${scale ?? ''} AS ${alias}`
          : whole,
    );
    await tree.write(site.file, replaceRange(site.source, site.start, site.end, fixed));
    const line = site.source.slice(0, site.start).split('\n').length;
    yield {
      key: ID,
      summary: `COALESCE the SQL aggregates (NULL over no rows) to 0 in ${site.file}:${line}`,
      template: { recipe: ID },
    };
  },
};

interface NullRead {
  readonly file: string;
  readonly source: string;
  readonly key: string;
  /** The read of the key (`s.mean_hours`) and the property's whole value. */
  readonly member: EsNode;
  readonly value: EsNode;
}

// The keys read on `line` as the member of a plain name (`s.mean_hours`) inside the value of an object
// property the answer's schema documents as nullable, the value not already testing it.
function nullFields(
  program: EsNode,
  line: number,
  keys: ReadonlySet<string>,
  schema: unknown,
): Omit<NullRead, 'file' | 'source'>[] {
  if (!schema) return [];
  const found: Omit<NullRead, 'file' | 'source'>[] = [];
  for (const { node, ancestors } of walk(program)) {
    if (node.type !== 'MemberExpression' || node['computed'] || linesOf(node)[0] !== line) continue;
    if ((node['object'] as EsNode).type !== 'Identifier') continue;
    const key = keyName(node['property'] as EsNode);
    if (key === null || !keys.has(key)) continue;
    const holder = [...ancestors].reverse().find((a) => a.type === 'Property' || /Function|Statement$/.test(a.type));
    const field = holder?.type === 'Property' && !holder['computed'] ? keyName(holder['key'] as EsNode) : null;
    if (field === null || !admitsNull(propertySchema(schema, field) ?? {})) continue;
    const value = holder!['value'] as EsNode;
    // `x.k === null ? … : …`, `x.k ?? …`, `x.k?.…`: already an answer for null; a bare read passes it on.
    if (value === node || [...walk(value)].some(({ node: n }) => /Conditional|Logical|ChainExpression/.test(n.type)))
      continue;
    found.push({ key, member: node, value });
  }
  return found;
}

// The keys read on `line` inside the value of an object property the answer's schema documents as a
// number admitting 0 (`averageNights: Number(stats.avg_nights.toFixed(1))`).
function zeroFields(program: EsNode, line: number, keys: ReadonlySet<string>, schema: unknown): string[] {
  if (!schema) return [];
  const found: string[] = [];
  for (const { node, ancestors } of walk(program)) {
    if (node.type !== 'MemberExpression' || node['computed'] || linesOf(node)[0] !== line) continue;
    const key = keyName(node['property'] as EsNode);
    if (key === null || !keys.has(key)) continue;
    const holder = [...ancestors].reverse().find((a) => a.type === 'Property' || /Function|Statement$/.test(a.type));
    const field = holder?.type === 'Property' && !holder['computed'] ? keyName(holder['key'] as EsNode) : null;
    if (field !== null && admitsZero(propertySchema(schema, field))) found.push(key);
  }
  return found;
}
