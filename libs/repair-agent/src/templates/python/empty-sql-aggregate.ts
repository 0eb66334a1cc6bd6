import { splitSource } from '../../python/python-edits.js';
import type { TemplateCandidate, TemplateContext } from '../template.js';
import { emptyValues, withDecimal } from './empty-value.js';
import { maskStrings, statementEnd } from './expression-text.js';
import { itemAround } from './response-item.js';

// CPython's messages for None rounded/converted, or a method read off None (`.quantize`).
const NONE_USED = [
  /^type NoneType doesn't define __round__ method$/,
  /^float\(\) argument must be a string or a (?:real )?number, not 'NoneType'$/,
  /^int\(\) argument must be a string, a bytes-like object or a (?:real )?number, not 'NoneType'$/,
  /^'NoneType' object has no attribute '(\w+)'$/,
];
// SQL aggregates that are NULL over no rows (COUNT is 0).
const NULL_WHEN_EMPTY = /^func\.(?:sum|avg|max|min|total)\s*\(/;
// A session executing a local statement: `db.execute(stmt)`, `await session.execute(query)`.
const EXECUTED = /^\s*(?:await\s+)?[A-Za-z_][\w.]*\.(?:execute|scalar)\(\s*([A-Za-z_]\w*)\s*[,)]/;
// None on one side of an arithmetic operator: group 2 set when None is the right operand.
const OPERAND =
  /^unsupported operand type\(s\) for (\/\/|\*\*|[-+*/%]): (?:'NoneType' and '[\w.]+'|'[\w.]+' and ('NoneType'))$/;
const OPERATOR = '(?:\\/\\/|\\*\\*|[-+*\\/%])';
// Methods only a Decimal has: its zero is `Decimal(0)`.
const DECIMAL_METHODS = /^(?:quantize|normalize|to_integral_value|to_integral|as_tuple|adjusted|is_signed)$/;

/**
 * A SQL aggregate over no rows (`select(func.sum(…))`, `func.avg`/`max`/`min`, read straight or
 * unpacked from a helper's `select(func.count(…), func.avg(…), …).one()`, or from a local holding
 * that row: `totals = db.execute(select(…)).one()`, `a, b = totals`) is None, and the code
 * rounds, converts or calls a method on it (`round(avg, 1)`, `subtotal.quantize(CENT)`) →
 * default it to the zero of its kind where it is used: `round(avg or 0.0, 1)`,
 * `(subtotal or Decimal(0)).quantize(CENT)`; the same query's other aggregates put as they are
 * into a field (`peak_value=peak`) get their zero too. Only where the documented field each use
 * feeds is a required number (integer, number, or a Decimal's string): a nullable field is
 * python.none-conversion's (unless a sibling aggregate of the row is zeroed: then the failing use
 * passes None through, `round(float(avg), 2) if avg is not None else None`, in the same candidate),
 * and a field that is no number gets nothing. Never an except, never a
 * row skipped; a value that is not None is used exactly as before.
 */
export async function* sqlAggregateCandidates(context: TemplateContext): AsyncGenerator<TemplateCandidate> {
  const { exception, culprit, tree, python } = context;
  const message = exception?.message.trim() ?? '';
  const matched = NONE_USED.map((m) => m.exec(message)).find(Boolean);
  // `used_kg / 1000` with used_kg None: the operand on None's side of the operator the message names.
  const operand = OPERAND.exec(message);
  if ((!matched && !operand) || !culprit) return;
  const fn = await python.functionAt(culprit.file, culprit.line);
  const source = await tree.read(culprit.file);
  if (!fn || source === null) return;
  const { lines, join } = splitSource(source);
  const masked = maskStrings(lines[culprit.line - 1] ?? '');
  const failing = operand
    ? operandsOf(masked, operand[1]!, operand[2] === undefined)
    : matched![1]
      ? [...masked.matchAll(new RegExp(`(?<![\\w.])(\\w+)\\.${matched![1]}\\b`, 'g'))].map((m) => m[1]!)
      : [...masked.matchAll(/(?<![\w.])(?:round|float|int)\(\s*(\w+)\s*[,)]/g)].map((m) => m[1]!);
  for (const variable of new Set(failing)) {
    const assignment = lastAssignment(lines, fn.bodyLine, culprit.line, variable);
    if (!assignment) continue;
    // `a, b = totals`: the row a local holds, unpacked on its own line.
    const alias = /^\s*([A-Za-z_]\w*)\s*$/.exec(maskStrings(assignment.text))?.[1];
    const held = alias ? lastAssignment(lines, fn.bodyLine, assignment.start + 1, alias) : null;
    const row = held?.targets.length === 1 ? held : assignment;
    const columns = await selectedColumns(context, row.text, (name) =>
      builtStatement(lines, fn.bodyLine, row.start + 1, name),
    );
    if (!columns) continue;
    // Each unpacked name's column (one name: the one column selected).
    const aggregates = assignment.targets.filter((t, k) =>
      NULL_WHEN_EMPTY.test(columns[assignment.targets.length === 1 ? 0 : k] ?? ''),
    );
    if (assignment.targets.length > 1 && columns.length !== assignment.targets.length) continue;
    if (assignment.targets.length === 1 && columns.length !== 1) continue;
    if (!aggregates.includes(variable)) continue;
    const edited = [...lines];
    let zeroed = false;
    let nullable = false;
    let siblings = 0;
    let decimal = false;
    for (const name of aggregates) {
      for (let i = assignment.end; i < fn.endLine; i++) {
        for (const use of usesOf(maskStrings(edited[i]!), name).reverse()) {
          const values = await emptyValues(
            context,
            { file: culprit.file, line: i + 1 },
            join(edited),
            use.at,
            use.decimal,
          );
          // Only a documented, required number: one value, and no None.
          if (values.length !== 1 || values[0] === 'None') {
            // The failing use feeds a nullable field: None passes through there (below), if a sibling is zeroed.
            if (i === culprit.line - 1 && name === variable && values.join() !== 'None') return;
            if (i === culprit.line - 1 && name === variable) nullable = true;
            continue;
          }
          const defaulted = `${name} or ${values[0]}`;
          const text = edited[i]!;
          edited[i] =
            text.slice(0, use.at) + (use.receiver ? `(${defaulted})` : defaulted) + text.slice(use.at + name.length);
          zeroed ||= i === culprit.line - 1 && name === variable;
          if (name !== variable) siblings++;
          decimal ||= values[0]!.startsWith('Decimal');
        }
      }
    }
    // `round(float(avg), 2)` into a nullable field, beside a SUM into a required one: python.none-conversion
    // alone would only move the failure to the SUM, so the one candidate does both.
    if (!zeroed && nullable && siblings > 0) zeroed = passNone(edited, culprit.line - 1, variable);
    if (!zeroed) continue;
    await tree.write(culprit.file, await withDecimal(python, culprit.file, join(edited), decimal ? 'Decimal(0)' : '0'));
    yield {
      key: 'python.empty-aggregate#sql-zero',
      summary:
        `default the SQL aggregate ${aggregates.join(', ')} (None over no rows) to zero where it is used at ` +
        `${culprit.file}:${culprit.line}` +
        (nullable ? `, ${variable} passed through as None to its nullable field` : ''),
      template: { recipe: 'python.empty-aggregate#sql-zero', aggregates },
    };
    return;
  }
}

// The culprit line's use of `name` made conditional: `field=round(float(x), 2) if x is not None else None`.
function passNone(lines: string[], index: number, name: string): boolean {
  const text = lines[index]!;
  const masked = maskStrings(text);
  const call = new RegExp(`(?<![\\w.])(?:round|float|int)\\(\\s*${name}\\s*[,)]`).exec(masked);
  const item = call && itemAround(text, masked, call.index);
  if (!item) return false;
  const value = text.slice(item.start, item.end);
  const from = item.start + (value.length - value.trimStart().length);
  const kept = value.trim();
  if (/ if .* else /.test(kept)) return false;
  lines[index] = `${text.slice(0, from)}${kept} if ${name} is not None else None${text.slice(from + kept.length)}`;
  return true;
}

// The bare names on None's side of `op` in the line: `used_kg / 1000` → used_kg (left).
function operandsOf(masked: string, op: string, left: boolean): string[] {
  const o = op.replace(/[-+*/%]/g, (c) => `\\${c}`);
  const pattern = left
    ? new RegExp(`(?<![\\w.)\\]])([A-Za-z_]\\w*)\\s*${o}(?![-+*/%=])`, 'g')
    : new RegExp(`(?<![-+*/%])${o}\\s*([A-Za-z_]\\w*)(?![\\w.(\\[])`, 'g');
  return [...masked.matchAll(pattern)].map((m) => m[1]!);
}

// The statement that last assigns `name` before `line`: `x = …` or `a, x, b = …`.
function lastAssignment(
  lines: readonly string[],
  from: number,
  line: number,
  name: string,
): { targets: string[]; text: string; start: number; end: number } | null {
  for (let i = line - 2; i >= from - 1; i--) {
    const m = /^\s*\(?\s*(\w+(?:\s*,\s*\w+)*)\s*,?\s*\)?\s*=(?!=)/.exec(maskStrings(lines[i] ?? ''));
    const targets = m?.[1]!.split(',').map((t) => t.trim());
    if (!m || !targets!.includes(name)) continue;
    const end = statementEnd(lines, i + 1);
    return { targets: targets!, text: lines.slice(i, end).join('\n').slice(m[0].length), start: i, end };
  }
  return null;
}

// The columns of the `select(…)` the value comes from: in the statement itself, in the statement a
// local built above and executed here (`db.execute(stmt).one()`), else in the project function it
// calls (`helper(db, id)`), whose body selects them.
async function selectedColumns(
  { python, tree }: TemplateContext,
  text: string,
  built: (name: string) => string | null,
): Promise<string[] | null> {
  const own = columnsOf(text);
  if (own) return own;
  const executed = EXECUTED.exec(maskStrings(text))?.[1];
  if (executed) {
    const statement = built(executed);
    return statement === null ? null : columnsOf(statement);
  }
  const called = /^\s*(?:await\s+)?(?:[A-Za-z_]\w*\.)*([A-Za-z_]\w*)\s*\(/.exec(text)?.[1];
  if (!called) return null;
  for (const [file, module] of await python.modules()) {
    const helper = module.functions.find((f) => f.name === called);
    if (!helper) continue;
    const body = splitSource((await tree.read(file)) ?? '').lines.slice(helper.bodyLine - 1, helper.endLine);
    return columnsOf(body.join('\n'));
  }
  return null;
}

// The text of the statement a local holds before `line`: its last assignment, followed up through
// refinements of itself (`stmt = stmt.where(…)`) to the one that selects.
function builtStatement(lines: readonly string[], from: number, line: number, name: string): string | null {
  for (let at = line; ; ) {
    const assignment = lastAssignment(lines, from, at, name);
    if (!assignment || assignment.targets.length !== 1) return null;
    if (/(?<![\w.])select\(/.test(maskStrings(assignment.text))) return assignment.text;
    if (!new RegExp(`^\\s*\\(?\\s*${name}\\b`).test(assignment.text)) return null;
    at = assignment.start + 1;
  }
}

// The top-level arguments of the text's only `select(…)` (a second select: which one is unknown).
function columnsOf(text: string): string[] | null {
  const masked = text.split('\n').map(maskStrings).join('\n');
  const found = [...masked.matchAll(/(?<![\w.])select\(/g)];
  if (found.length !== 1) return null;
  const out: string[] = [];
  let depth = 0;
  let start = found[0]!.index! + found[0]![0].length;
  for (let i = start; i < masked.length; i++) {
    const ch = masked[i]!;
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch) && depth-- === 0) {
      out.push(text.slice(start, i).trim());
      return out.filter(Boolean);
    } else if (ch === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  return null;
}

// Where a line uses `name` as None cannot be: rounded/converted, a method's receiver, or a field's
// whole value (`field=name,`, `"field": name}`).
function usesOf(masked: string, name: string): { at: number; receiver: boolean; decimal: boolean }[] {
  const out: { at: number; receiver: boolean; decimal: boolean }[] = [];
  const decimalLine = /\bDecimal\b/.test(masked);
  for (const m of masked.matchAll(new RegExp(`(?<![\\w.])(?:round|float|int)\\(\\s*(${name})\\s*[,)]`, 'g')))
    out.push({ at: m.index! + m[0].indexOf(name, m[0].indexOf('(')), receiver: false, decimal: decimalLine });
  // An arithmetic operand: parenthesised, `(used or 0) / 1000`.
  for (const m of masked.matchAll(
    new RegExp(`(?<![\\w.])${name}(?=\\s*${OPERATOR}(?![=]))|(?<=${OPERATOR}\\s*)${name}(?![\\w.(\\[])`, 'g'),
  ))
    out.push({ at: m.index!, receiver: true, decimal: decimalLine });
  for (const m of masked.matchAll(new RegExp(`(?<![\\w.])${name}\\.(\\w+)\\s*\\(`, 'g')))
    out.push({ at: m.index!, receiver: true, decimal: decimalLine || DECIMAL_METHODS.test(m[1]!) });
  for (const m of masked.matchAll(new RegExp(`(?:\\b\\w+\\s*=(?!=)|["']\\s*:)\\s*(${name})\\s*(?=[,)}]|$)`, 'g')))
    out.push({ at: m.index! + m[0].lastIndexOf(name), receiver: false, decimal: decimalLine });
  return out.sort((a, b) => a.at - b.at);
}
