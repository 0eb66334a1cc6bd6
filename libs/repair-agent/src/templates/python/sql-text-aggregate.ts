import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { splitSource } from '../../python/python-edits.js';
import type { TemplateCandidate, TemplateContext } from '../template.js';
import { successSchema } from './contract-schema.js';
import { emptyValues } from './empty-value.js';
import { maskStrings, statementEnd } from './expression-text.js';
import { requestFrames } from './trace-frames.js';

// CPython's messages for None converted to a number or used in arithmetic.
const NONE_USED = [
  /^conversion from NoneType to Decimal is not supported$/,
  /^type NoneType doesn't define __round__ method$/,
  /^float\(\) argument must be a string or a (?:real )?number, not 'NoneType'$/,
  /^int\(\) argument must be a string, a bytes-like object or a (?:real )?number, not 'NoneType'$/,
  /^unsupported operand type\(s\) for [-+*/]+: '(?:NoneType|int|float|decimal\.Decimal)' and '(?:NoneType|int|float)'$/,
];
// An SQL aggregate that is NULL over no rows (SQLite's TOTAL and COUNT are not), with its alias.
const AGGREGATE = String.raw`\b(?:SUM|AVG|MIN|MAX)\s*\((?:[^()]|\([^()]*\))*\)`;
// How far up the request's frames a row's key may be read before the value fails.
const DEPTH = 3;

/**
 * A raw SQL aggregate over no rows (DB-API, no ORM: `SUM(b.amount) AS paid_cents` in the string
 * a handler executes) comes back NULL, and the row's value fails where it is converted
 * (`Decimal(None)`, `round(None)`, `None / 100`), here or in a helper it is handed to
 * (`to_money(row["paid_cents"])`) → `COALESCE(SUM(b.amount), 0) AS paid_cents` in the SQL: an
 * empty group sums to zero, every other row reads as before. The key read on a request frame's
 * line (within DEPTH frames of the failure) names the one aliased aggregate of the function's SQL
 * text; a value assigned from an execute whose SELECT has that one aggregate column (`total =
 * db.execute("SELECT SUM(x) FROM t").fetchone()[0]`) is the same. Only where the response field
 * the value feeds is a documented required number (or undocumented): a nullable field keeps its
 * null (python.none-conversion's), and an aggregate already wrapped (COALESCE, IFNULL) is left.
 */
export async function* sqlTextAggregateCandidates(context: TemplateContext): AsyncGenerator<TemplateCandidate> {
  const { exception, tree, python } = context;
  const message = exception?.message.trim() ?? '';
  if (!NONE_USED.some((m) => m.test(message))) return;
  // Converted to a Decimal: a number whatever the contract spells it as (pydantic's `"type": "string"`).
  const decimal = message.startsWith('conversion from NoneType to Decimal');
  for (const frame of (await requestFrames(context)).slice(0, DEPTH)) {
    const source = await tree.read(frame.file);
    if (source === null) continue;
    const { lines, join } = splitSource(source);
    const text = lines[frame.line - 1] ?? '';
    const body = { from: frame.fn.bodyLine - 1, to: frame.fn.endLine };
    const reads = [...text.matchAll(/(?<![\w.])\w+\[\s*["'](\w+)["']\s*\]/g)].map((m) => ({
      key: m[1]!,
      at: m.index!,
    }));
    const sites = reads.flatMap((read) => {
      const found = aliased(lines, body, read.key);
      return found ? [{ ...found, at: read.at, key: read.key }] : [];
    });
    const single = sites.length === 0 ? singleColumn(lines, body, frame.line) : null;
    const site = sites.length === 1 ? sites[0]! : single;
    if (!site) continue;
    const values = await emptyValues(
      { python, operation: itemOperation(context.operation) },
      frame,
      source,
      site.at,
      decimal,
    );
    if (values.length === 0 || values[0] === 'None') return;
    // The function's other aggregates converted the same way (`round(totals["hours"], 1)` on the next
    // line) fail next on the same empty group: each is defaulted too.
    const siblings = convertedKeys(lines, body)
      .filter((key) => !('key' in site) || key !== site.key)
      .flatMap((key) => {
        const found = aliased(lines, body, key);
        return found ? [found] : [];
      });
    for (const each of [site, ...siblings].sort((a, b) => b.line - a.line || b.start - a.start)) {
      const line = lines[each.line]!;
      lines[each.line] =
        `${line.slice(0, each.start)}COALESCE(${each.sql}, 0)${line.slice(each.start + each.sql.length)}`;
    }
    await tree.write(frame.file, join(lines));
    yield {
      key: 'python.empty-aggregate#sql-coalesce',
      summary: `COALESCE the SQL aggregate ${site.sql} (NULL over no rows) to 0 at ${frame.file}:${site.line + 1}`,
      template: { recipe: 'python.empty-aggregate#sql-coalesce' },
    };
    return;
  }
}

interface Site {
  /** 0-based line of the aggregate, its column, and its text. */
  readonly line: number;
  readonly start: number;
  readonly sql: string;
  /** Where the value is read on the frame's line. */
  readonly at: number;
}

// The one unwrapped aggregate of the function's lines that is aliased `key` (`SUM(x) AS key`).
function aliased(lines: readonly string[], body: { from: number; to: number }, key: string): Omit<Site, 'at'> | null {
  const alias = new RegExp(`(${AGGREGATE})\\s+(?:AS\\s+)?["\`]?${key}\\b(?!\\s*\\()`, 'gi');
  const found = [];
  for (let i = body.from; i < body.to; i++)
    for (const m of lines[i]!.matchAll(alias)) if (!wrapped(lines[i]!, m.index!)) found.push({ line: i, m });
  if (found.length !== 1) return null;
  return { line: found[0]!.line, start: found[0]!.m.index!, sql: found[0]!.m[1]! };
}

// `total = db.execute("SELECT SUM(x) FROM t …").fetchone()[0]`, converted on the frame's line: the
// converted name's last assignment, whose SQL selects that one aggregate.
function singleColumn(lines: readonly string[], body: { from: number; to: number }, at: number): Site | null {
  const masked = maskStrings(lines[at - 1] ?? '');
  const converted = /(?<![\w.])(?:Decimal|float|int|round)\(\s*(\w+)\s*[,)]/.exec(masked);
  if (!converted) return null;
  const name = converted[1]!;
  for (let i = at - 2; i >= body.from; i--) {
    if (!new RegExp(`^\\s*${name}\\s*(?::[^=]+)?=(?!=)`).test(lines[i]!)) continue;
    const end = statementEnd(lines, i + 1);
    for (let j = i; j < end; j++) {
      const select = new RegExp(`\\bSELECT\\s+(${AGGREGATE})\\s*(?:AS\\s+\\w+\\s*)?\\bFROM\\b`, 'i').exec(lines[j]!);
      if (select && !wrapped(lines[j]!, select.index + select[0].indexOf(select[1]!)))
        return {
          line: j,
          start: select.index + select[0].indexOf(select[1]!),
          sql: select[1]!,
          at: converted.index + converted[0].indexOf(name),
        };
    }
    return null;
  }
  return null;
}

// The row keys the function converts to numbers (`round(totals["area"], 1)`, `float(row['paid'])`).
function convertedKeys(lines: readonly string[], body: { from: number; to: number }): string[] {
  const keys = new Set<string>();
  for (let i = body.from; i < body.to; i++)
    for (const m of lines[i]!.matchAll(/(?<![\w.])(?:round|float|int|Decimal)\(\s*\w+\[\s*["'](\w+)["']\s*\]/g))
      keys.add(m[1]!);
  return [...keys];
}

// Already defaulted: `COALESCE(SUM(x), 0)`, `IFNULL(…)`.
function wrapped(line: string, at: number): boolean {
  return /\b(?:COALESCE|IFNULL|NVL|ISNULL)\s*\(\s*$/i.test(line.slice(0, at));
}

// A list response's item schema stands for the response: each row feeds one item's field.
function itemOperation(operation: ApiOperation | null): ApiOperation | null {
  const schema = successSchema(operation);
  const items = schema?.['type'] === 'array' ? schema['items'] : null;
  if (!operation || !items || typeof items !== 'object') return operation;
  return {
    ...operation,
    responses: operation.responses.map((r) => (/^2/.test(r.status) ? { ...r, schema: items as never } : r)),
  };
}
