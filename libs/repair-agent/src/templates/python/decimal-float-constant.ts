import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { withDecimal } from './empty-value.js';
import { maskStrings } from './expression-text.js';

const ID = 'python.decimal-float-constant';
// `unsupported operand type(s) for +: 'decimal.Decimal' and 'float'` (either order, any arithmetic operator).
const MIXED =
  /^unsupported operand type\(s\) for ([-+*/]=?): '(float|decimal\.Decimal)' and '(float|decimal\.Decimal)'$/;
// A module constant bound to a float literal: `LABOUR_PER_METRE = 0.35`.
const FLOAT_CONSTANT = /^([A-Z][A-Z0-9_]*)\s*(?::\s*float\s*)?=\s*(\d[\d_]*\.[\d_]*|\.\d[\d_]*)\s*(?:#.*)?$/;

/**
 * Money kept as Decimal meets a float made from a module constant (`LABOUR_PER_METRE = 0.35`,
 * then `labour_cost = LABOUR_PER_METRE * payload.length_m` and `total = fibre_cost + labour_cost`):
 * `TypeError: unsupported operand type(s) for +: 'decimal.Decimal' and 'float'` → the constant
 * becomes `Decimal("0.35")`, the same value, exact, so every amount made from it is a Decimal
 * like the rest (its `quantize` works too). The float operand of the culprit line must be that
 * constant, or a local the same function assigns from an expression naming it and no other float;
 * the module must import or use Decimal already. Several such constants: no candidate.
 */
export const pythonDecimalFloatConstant: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'make the float module constant that feeds Decimal arithmetic a Decimal',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    const mixed = exception ? MIXED.exec(exception.message.trim()) : null;
    if (!mixed || !culprit || mixed[2] === mixed[3]) return;
    const source = await tree.read(culprit.file);
    if (source === null || !/\bDecimal\b/.test(source)) return;
    const { lines, join } = splitSource(source);
    const constants = new Map<string, number>();
    lines.forEach((l, i) => {
      const m = FLOAT_CONSTANT.exec(l);
      if (m) constants.set(m[1]!, i);
    });
    if (constants.size === 0) return;
    const fn = python ? await python.functionAt(culprit.file, culprit.line) : undefined;
    const first = fn ? fn.bodyLine - 1 : 0;
    const names = (text: string) => new Set(maskStrings(text).match(/[A-Za-z_]\w*/g) ?? []);
    const line = lines[culprit.line - 1] ?? '';
    const onLine = names(line.slice(0, codeEnd(line)));
    // Constants the line names itself, or through a local assigned above it in the same function.
    const feeding = new Set<string>();
    for (const name of onLine) {
      if (constants.has(name)) feeding.add(name);
      for (let i = culprit.line - 2; i >= first; i--) {
        const assigned = new RegExp(`^\\s*${name}\\s*(?::[^=]+)?=(?!=)(.+)$`).exec(lines[i]!);
        if (!assigned) continue;
        for (const used of names(assigned[1]!)) if (constants.has(used)) feeding.add(used);
        break;
      }
    }
    if (feeding.size !== 1) return;
    const constant = [...feeding][0]!;
    const at = constants.get(constant)!;
    const literal = FLOAT_CONSTANT.exec(lines[at]!)![2]!;
    const exact = `Decimal("${literal.replace(/_/g, '')}")`;
    lines[at] = lines[at]!.replace(/(=\s*)(\d[\d_]*\.[\d_]*|\.\d[\d_]*)/, `$1${exact}`).replace(/:\s*float\s*=/, ' =');
    await tree.write(culprit.file, await withDecimal(python, culprit.file, join(lines), exact));
    yield {
      key: ID,
      summary: `${constant} = ${exact}: the float constant fed Decimal arithmetic at ${culprit.file}:${culprit.line}`,
      template: { recipe: ID },
    };
  },
};
