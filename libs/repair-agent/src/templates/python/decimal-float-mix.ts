import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { withDecimal } from './empty-value.js';
import { maskStrings } from './expression-text.js';

// `unsupported operand type(s) for +=: 'float' and 'decimal.Decimal'` (either order; also `+`, `-`, `*`, `/`).
const MIXED = new RegExp(
  String.raw`^unsupported operand type\(s\) for ([-+*]=|[-+*/]): ` +
    String.raw`'(float|decimal\.Decimal)' and '(float|decimal\.Decimal)'$`,
);
// An operand: a name, attribute chain or subscript (`prices[crop]`, `row.rates["eur"]`).
const OPERAND = String.raw`[A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[[^\][()]+\])*`;
// Two operands around one `*` or `/`, nothing else arithmetic beside them.
const SCALED = new RegExp(
  String.raw`(?<![\w.\]])(?<![-+*/%@]\s*)(${OPERAND})(\s*)([*/])(\s*)(${OPERAND})(?![\w.([]|\s*[-+*/%@])`,
  'g',
);

// A float literal (`0.01`, `.5`, `1e-2`); `TERM` is one factor of a product: such a literal, an int, an operand.
const FLOAT = String.raw`(?:\d[\d_]*\.[\d_]*|\.\d[\d_]*)(?:[eE][-+]?\d+)?|\d[\d_]*[eE][-+]?\d+`;
const TERM = String.raw`(?:${FLOAT}|\d[\d_]*|${OPERAND})`;
// A whole chain of factors joined by `*` or `/` (`a.qty * b.rate * 0.01`), nothing else arithmetic beside it.
const PRODUCT = new RegExp(
  String.raw`(?<![\w.\]])(?<![-+*/%@]\s*)${TERM}(?:\s*[*/]\s*${TERM})+(?![\w.([]|\s*[-+*/%@])`,
  'g',
);

/**
 * A running total kept in one numeric type fed a value of the other (`outstanding = 0.0` then
 * `outstanding += fine.amount` with a Numeric column's Decimal) raises `TypeError: unsupported
 * operand type(s) for +=: 'float' and 'decimal.Decimal'` → the added value converted to the
 * total's type: `float(fine.amount)` for a float total, `Decimal(str(x))` (exact) for a Decimal
 * one. Only an augmented assignment on the culprit line (its left side is the total, so which
 * side to convert is not a guess), or the same written out with `+`/`-` (`stock.level =
 * stock.level + payload.amount`: the total on both sides, one operand added); any other plain
 * `a + b` is left alone. `#scale-decimal`: a Decimal
 * scaled by a float (`payload.liters * settings.price_per_liter`, one `*` or `/` between two names,
 * attribute chains or subscripts on the line, `net_t * prices[crop]`) → the float side as
 * `Decimal(str(x))`: the product stays the exact type the code keeps its quantity in.
 * `#decimal-literal`: the line's one float literal is a factor of a product chain that also has
 * names (`round(lot.count * lot.kind.size * lot.rate * 0.01)`), on the side the error gives the
 * float (after the failing operator for `Decimal * float`, before it for `float * Decimal`) →
 * `Decimal("0.01")`: the same value, exact. Several float literals, or none and a longer chain of
 * names (which of them is the float is a guess): no candidate.
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
      const masked = maskStrings(text.slice(0, end));
      const scaled = [...masked.matchAll(SCALED)].filter((m) => m[3] === mixed[1]);
      // The float operand's offset and length: of the one product of two operands, else of the line's one chain of
      // two names and int factors (ints keep each name's type: the first name is the left operand's type).
      let side: { at: number; length: number } | null = null;
      if (scaled.length === 1) {
        const m = scaled[0]!;
        // Positions from the masked line, text from the real one (a string key stays a string).
        const operand = mixed[2] === 'float' ? m[1]! : m[5]!;
        side = { at: mixed[2] === 'float' ? m.index : m.index + m[0].length - m[5]!.length, length: operand.length };
      } else {
        const named = twoNameChain(masked)?.[mixed[2] === 'float' ? 0 : 1];
        if (named) side = { at: named.at, length: named.text.length };
      }
      if (side) {
        const floatSide = text.slice(side.at, side.at + side.length);
        lines[culprit.line - 1] =
          `${text.slice(0, side.at)}Decimal(str(${floatSide}))${text.slice(side.at + side.length)}`;
        await tree.write(culprit.file, await withDecimal(python, culprit.file, join(lines), 'Decimal(0)'));
        yield {
          key: 'python.decimal-float-mix#scale-decimal',
          summary: `Decimal(str(${floatSide})) for the float scaling a Decimal at ${culprit.file}:${culprit.line}`,
          template: { recipe: 'python.decimal-float-mix#scale-decimal' },
        };
        return;
      }
      const literal = floatFactor(masked, mixed[1]!, mixed[2] === 'float');
      if (!literal) return;
      const exact = `Decimal("${literal.text}")`;
      lines[culprit.line - 1] = `${text.slice(0, literal.at)}${exact}${text.slice(literal.at + literal.text.length)}`;
      await tree.write(culprit.file, await withDecimal(python, culprit.file, join(lines), exact));
      yield {
        key: 'python.decimal-float-mix#decimal-literal',
        summary: `${exact} for the float literal scaling a Decimal at ${culprit.file}:${culprit.line}`,
        template: { recipe: 'python.decimal-float-mix#decimal-literal' },
      };
      return;
    }
    const statement = runningTotal(text.slice(0, end), mixed[1]!);
    if (!statement) return;
    const value = statement[4]!;
    const toFloat = mixed[2] === 'float';
    const converted = toFloat ? `float(${value})` : `Decimal(str(${value}))`;
    lines[culprit.line - 1] = `${statement[1]}${converted}${text.slice(statement[1]!.length + value.length)}`;
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

// The line as a running total fed a value by `op`: `total += x` for an augmented operator, `total = total + x`
// (the total on both sides, so the added value is the right operand) for a plain one. [1] is the text before the
// value, [4] the value.
function runningTotal(code: string, op: string): RegExpExecArray | null {
  const target = String.raw`[A-Za-z_][\w.]*(?:\[[^\]]+\])?`;
  if (op.endsWith('=')) {
    const m = new RegExp(String.raw`^(\s*${target}\s*(\+=|-=|\*=)\s*)()(.+?)\s*$`).exec(code);
    return m && m[2] === op ? m : null;
  }
  const m = new RegExp(String.raw`^(\s*(${target})\s*=\s*(${target})\s*[-+]\s*)(.+?)\s*$`).exec(code);
  const spaced = (t: string) => t.replace(/\s+/g, '');
  // The same operator, one operand after it (`total = total + a + b`: which part is the float is a guess).
  if (!m || spaced(m[2]!) !== spaced(m[3]!) || !m[1]!.trimEnd().endsWith(op)) return null;
  return /[-+*/%@]/.test(maskStrings(m[4]!)) ? null : m;
}

// The one float literal of the (masked) line when it is a factor of a product chain with names in it, on the
// float's side of an `op` there (right after it when the float is the right operand, somewhere before it when
// the left: the product so far); null otherwise.
function floatFactor(masked: string, op: string, floatLeft: boolean): { at: number; text: string } | null {
  const literals = [...masked.matchAll(new RegExp(String.raw`(?<![\w.])(?:${FLOAT})(?![\w.])`, 'g'))];
  if (literals.length !== 1) return null;
  const literal = literals[0]!;
  const chain = [...masked.matchAll(PRODUCT)].find(
    (m) => m.index <= literal.index && literal.index < m.index + m[0].length,
  );
  if (!chain) return null;
  const tokens = [...chain[0].matchAll(new RegExp(String.raw`[*/]|${TERM}`, 'g'))];
  const at = tokens.findIndex((t) => chain.index + t.index === literal.index);
  if (at < 0 || !tokens.some((t) => /^[A-Za-z_]/.test(t[0]))) return null;
  const operators = tokens.map((t, i) => (t[0] === op ? i : -1)).filter((i) => i >= 0);
  const sided = floatLeft ? operators.some((i) => i > at) : operators.includes(at - 1);
  return sided ? { at: literal.index, text: literal[0] } : null;
}

// The line's one product chain of exactly two names and int factors (`a / b * 100`), no float literal on the line:
// the two names, in order, with their offsets.
function twoNameChain(masked: string): { at: number; text: string }[] | null {
  if (new RegExp(String.raw`(?<![\w.])(?:${FLOAT})(?![\w.])`).test(masked)) return null;
  const chains = [...masked.matchAll(PRODUCT)];
  if (chains.length !== 1) return null;
  const chain = chains[0]!;
  const names = [...chain[0].matchAll(new RegExp(String.raw`[*/]|${TERM}`, 'g'))]
    .filter((t) => /^[A-Za-z_]/.test(t[0]))
    .map((t) => ({ at: chain.index + t.index, text: t[0] }));
  return names.length === 2 ? names : null;
}
