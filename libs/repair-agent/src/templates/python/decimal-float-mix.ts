import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { withDecimal } from './empty-value.js';
import { maskStrings } from './expression-text.js';

// `unsupported operand type(s) for +=: 'float' and 'decimal.Decimal'` (either order).
const MIXED =
  /^unsupported operand type\(s\) for (\+=|-=|\*=|\*|\/): '(float|decimal\.Decimal)' and '(float|decimal\.Decimal)'$/;
// An operand: a name, attribute chain or subscript (`prices[crop]`, `row.rates["eur"]`).
const OPERAND = String.raw`[A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[[^\][()]+\])*`;
// Two operands around one `*` or `/`, nothing else arithmetic beside them.
const SCALED = new RegExp(
  String.raw`(?<![\w.\]])(?<![-+*/%@]\s*)(${OPERAND})(\s*)([*/])(\s*)(${OPERAND})(?![\w.([]|\s*[-+*/%@])`,
  'g',
);

/**
 * A running total kept in one numeric type fed a value of the other (`outstanding = 0.0` then
 * `outstanding += fine.amount` with a Numeric column's Decimal) raises `TypeError: unsupported
 * operand type(s) for +=: 'float' and 'decimal.Decimal'` → the added value converted to the
 * total's type: `float(fine.amount)` for a float total, `Decimal(str(x))` (exact) for a Decimal
 * one. Only an augmented assignment on the culprit line (its left side is the total, so which
 * side to convert is not a guess); a plain `a + b` is left alone. `#scale-decimal`: a Decimal
 * scaled by a float (`payload.liters * settings.price_per_liter`, one `*` or `/` between two names,
 * attribute chains or subscripts on the line, `net_t * prices[crop]`) → the float side as
 * `Decimal(str(x))`: the product stays the exact type the code keeps its quantity in.
 */
export const pythonDecimalFloatMix: RepairTemplate = {
  id: 'python.decimal-float-mix',
  language: 'python',
  summary: "convert a value added to a running total to the total's numeric type (float vs Decimal)",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    const mixed = exception ? MIXED.exec(exception.message.trim()) : null;
    if (!mixed || !culprit || mixed[2] === mixed[3]) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    const text = lines[culprit.line - 1] ?? '';
    const end = codeEnd(text);
    if (mixed[1] === '*' || mixed[1] === '/') {
      const scaled = [...maskStrings(text.slice(0, end)).matchAll(SCALED)].filter((m) => m[3] === mixed[1]);
      if (scaled.length !== 1) return;
      const m = scaled[0]!;
      // Positions from the masked line, text from the real one (a string key stays a string).
      const start = mixed[2] === 'float' ? m.index : m.index + m[0].length - m[5]!.length;
      const floatSide = text.slice(start, start + (mixed[2] === 'float' ? m[1]! : m[5]!).length);
      lines[culprit.line - 1] =
        `${text.slice(0, start)}Decimal(str(${floatSide}))${text.slice(start + floatSide.length)}`;
      await tree.write(culprit.file, await withDecimal(python, culprit.file, join(lines), 'Decimal(0)'));
      yield {
        key: 'python.decimal-float-mix#scale-decimal',
        summary: `Decimal(str(${floatSide})) for the float scaling a Decimal at ${culprit.file}:${culprit.line}`,
        template: { recipe: 'python.decimal-float-mix#scale-decimal' },
      };
      return;
    }
    const statement = /^(\s*[A-Za-z_][\w.]*(?:\[[^\]]+\])?\s*)(\+=|-=|\*=)(\s*)(.+?)\s*$/.exec(text.slice(0, end));
    if (!statement || statement[2] !== mixed[1]) return;
    const value = statement[4]!;
    const toFloat = mixed[2] === 'float';
    const converted = toFloat ? `float(${value})` : `Decimal(str(${value}))`;
    const rest = text.slice(statement[1]!.length + statement[2]!.length + statement[3]!.length + value.length);
    lines[culprit.line - 1] = `${statement[1]}${statement[2]}${statement[3]}${converted}${rest}`;
    const edited = join(lines);
    await tree.write(culprit.file, toFloat ? edited : await withDecimal(python, culprit.file, edited, 'Decimal(0)'));
    const key = toFloat ? 'to-float' : 'to-decimal';
    yield {
      key: `python.decimal-float-mix#${key}`,
      summary: `${converted} for the ${toFloat ? 'float' : 'Decimal'} total at ${culprit.file}:${culprit.line}`,
      template: { recipe: `python.decimal-float-mix#${key}` },
    };
  },
};
