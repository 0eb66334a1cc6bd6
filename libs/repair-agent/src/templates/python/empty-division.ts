import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { emptyValues, withDecimal } from './empty-value.js';
import { maskStrings, operandEnd, operandStart, operatorIndexes } from './expression-text.js';

const EXCEPTIONS = [
  'ZeroDivisionError',
  'InvalidOperation',
  'decimal.InvalidOperation',
  'DivisionByZero',
  'decimal.DivisionByZero',
];

/**
 * A mean over an empty collection (`sum(x) / len(x)`, `total / count`) raises
 * `ZeroDivisionError` (or decimal's `InvalidOperation`/`DivisionByZero`) → guard the division to
 * the value the documented response allows for the field it feeds: `0` (`0.0`, `Decimal(0)`,
 * matching its type) for a required number, `None` for a nullable one; both, ranked, when the
 * field is not found in the schema; the None guard takes in a `round(…)`/`float(…)` the quotient is
 * the first argument of, which would raise on None in turn. A later line of the function dividing
 * by the same count is guarded too (it raises on the same request once the first is), each with
 * its own field's value. A parenthesised sum of counts (`rejects / (slates + rejects)` over a group
 * with no rows) counts as a count, guarded by the sum. A divisor that is no collection size or
 * count (`a - b`, `a + 1`, a call other than `len`) is left alone.
 */
export const pythonEmptyDivision: RepairTemplate = {
  id: 'python.empty-division',
  language: 'python',
  summary: 'guard a division by the size of an empty collection with the value the response schema allows',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS, culprit: true },
  async *candidates({ exception, culprit, tree, python, operation }) {
    if (!exception || !culprit) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const text = splitSource(source).lines[culprit.line - 1] ?? '';
    const divisions = divisionsIn(text);
    if (divisions.length === 0) return;
    const decimal = /Decimal/.test(text) || exception.type !== 'ZeroDivisionError';
    const fn = await python.functionAt(culprit.file, culprit.line);
    for (const value of await emptyValues({ python, operation }, culprit, source, divisions[0]!.start, decimal)) {
      const current = await tree.read(culprit.file);
      if (current === null) return;
      const { lines, join } = splitSource(current);
      lines[culprit.line - 1] = guardedLine(lines[culprit.line - 1]!, divisions, value);
      // The next division by the same empty count (`mean = total / count` under `rate = hits / count`) raises
      // in turn on the same request: guard it too, with the value its own field allows.
      const guards = new Set(divisions.map((d) => d.guard));
      for (let n = culprit.line + 1; fn && n <= fn.endLine; n++) {
        const later = divisionsIn(lines[n - 1]!).filter((d) => guards.has(d.guard));
        if (later.length === 0 || [...guards].some((g) => new RegExp(`\\bif\\s+${escaped(g)}`).test(lines[n - 1]!)))
          continue;
        const site = { file: culprit.file, line: n };
        const values = await emptyValues({ python, operation }, site, current, later[0]!.start, decimal);
        const own = values.includes(value) ? value : values[0];
        if (own) lines[n - 1] = guardedLine(lines[n - 1]!, later, own);
      }
      await tree.write(culprit.file, await withDecimal(python, culprit.file, join(lines), value));
      const key = value === 'None' ? 'none' : 'zero';
      yield {
        key: `python.empty-division#${key}`,
        summary: `guard the division at ${culprit.file}:${culprit.line} (empty → ${value})`,
        template: { recipe: `python.empty-division#${key}`, value },
      };
    }
  },
};

interface Division {
  start: number;
  end: number;
  guard: string;
}

// The line's divisions by a count or a size: a name, an attribute, or len(...), whose truth is "not empty".
function divisionsIn(text: string): Division[] {
  const masked = maskStrings(text);
  return operatorIndexes(masked, ['/']).flatMap(({ at }) => {
    const start = operandStart(masked, at);
    const end = operandEnd(masked, at + 1);
    if (start < 0 || end < 0) return [];
    const divisor = text.slice(at + 1, end).trim();
    const size = /^len\((.+)\)$/.exec(divisor)?.[1];
    // A sum of counts (`(slates + rejects)` of a group with no rows) is zero only when every term is: still an
    // empty group. A difference, a literal term or a call is not (its zero says something else).
    const counts = /^\(\s*[A-Za-z_][\w.]*(?:\s*\+\s*[A-Za-z_][\w.]*)+\s*\)$/.test(divisor);
    if (!size && !counts && !/^[A-Za-z_][\w.]*$/.test(divisor)) return [];
    return [{ start, end, guard: size ?? divisor }];
  });
}

// The line with each division guarded to `value`, right to left so earlier offsets hold.
function guardedLine(text: string, divisions: readonly Division[], value: string): string {
  let line = text;
  for (const division of [...divisions].reverse()) {
    // round(None, 2) raises in turn: None stands for the whole rounding, not its argument.
    const d =
      value === 'None'
        ? { ...division, ...(numericWrapper(maskStrings(line), division.start, division.end) ?? {}) }
        : division;
    const expression = line.slice(d.start, d.end);
    // The whole right-hand side needs no parentheses.
    const whole = /(?:^|[^=!<>])=\s*$|return\s+$/.test(line.slice(0, d.start)) && line.slice(d.end).trim() === '';
    const guarded = `${expression} if ${d.guard} else ${value}`;
    line = `${line.slice(0, d.start)}${whole ? guarded : `(${guarded})`}${line.slice(d.end)}`;
  }
  return line;
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const NUMERIC_WRAPPERS = new Set(['round', 'float', 'int', 'abs', 'Decimal', 'math.floor', 'math.ceil']);

// The span of `round(<quotient>, 2)` when the quotient at [start, end) is that call's first argument.
function numericWrapper(masked: string, start: number, end: number): { start: number; end: number } | null {
  let open = start;
  while (open > 0 && masked[open - 1] === ' ') open--;
  if (masked[open - 1] !== '(') return null;
  const name = /([A-Za-z_][\w.]*)$/.exec(masked.slice(0, open - 1))?.[1];
  if (!name || !NUMERIC_WRAPPERS.has(name)) return null;
  let rest = end;
  while (rest < masked.length && masked[rest] === ' ') rest++;
  if (masked[rest] !== ',' && masked[rest] !== ')') return null;
  let depth = 1;
  for (let i = open; i < masked.length; i++) {
    if ('([{'.includes(masked[i]!)) depth++;
    else if (')]}'.includes(masked[i]!) && --depth === 0) return { start: open - 1 - name.length, end: i + 1 };
  }
  return null;
}
