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
 * the first argument of, which would raise on None in turn. A divisor that is no collection size or count (`a - b`, a
 * call other than `len`) is left alone.
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
    const masked = maskStrings(text);
    const divisions = operatorIndexes(masked, ['/']).flatMap(({ at }) => {
      const start = operandStart(masked, at);
      const end = operandEnd(masked, at + 1);
      if (start < 0 || end < 0) return [];
      const divisor = text.slice(at + 1, end).trim();
      const size = /^len\((.+)\)$/.exec(divisor)?.[1];
      // A count or a size: a name, an attribute, or len(...) — whose truth is "not empty".
      if (!size && !/^[A-Za-z_][\w.]*$/.test(divisor)) return [];
      return [{ start, end, guard: size ?? divisor }];
    });
    if (divisions.length === 0) return;
    const decimal = /Decimal/.test(text) || exception.type !== 'ZeroDivisionError';
    for (const value of await emptyValues({ python, operation }, culprit, source, divisions[0]!.start, decimal)) {
      const current = await tree.read(culprit.file);
      if (current === null) return;
      const { lines, join } = splitSource(current);
      let line = lines[culprit.line - 1]!;
      // Right to left, so earlier offsets hold; the whole right-hand side needs no parentheses.
      for (const division of [...divisions].reverse()) {
        // round(None, 2) raises in turn: None stands for the whole rounding, not its argument.
        const d =
          value === 'None'
            ? { ...division, ...(numericWrapper(maskStrings(line), division.start, division.end) ?? {}) }
            : division;
        const expression = line.slice(d.start, d.end);
        const whole = /(?:^|[^=!<>])=\s*$|return\s+$/.test(line.slice(0, d.start)) && line.slice(d.end).trim() === '';
        const guarded = `${expression} if ${d.guard} else ${value}`;
        line = `${line.slice(0, d.start)}${whole ? guarded : `(${guarded})`}${line.slice(d.end)}`;
      }
      lines[culprit.line - 1] = line;
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
