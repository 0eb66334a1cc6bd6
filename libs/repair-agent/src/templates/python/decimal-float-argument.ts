import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { withDecimal } from './empty-value.js';
import { maskStrings } from './expression-text.js';

const ID = 'python.decimal-float-argument';
// Decimal methods whose operand must be a Decimal (or an int): a float raises.
const METHODS = ['quantize', 'compare', 'compare_total', 'max', 'min', 'same_quantum', 'fma', 'remainder_near'];
const FLOAT = String.raw`(?:\d[\d_]*\.[\d_]*|\.\d[\d_]*)(?:[eE][-+]?\d+)?`;
const CALL = new RegExp(String.raw`\.(?:${METHODS.join('|')})\(\s*(${FLOAT}|[A-Za-z_]\w*)\s*[,)]`, 'g');

/**
 * A Decimal method handed a float (`amount.quantize(YIELD_STEP)` with the module constant
 * `YIELD_STEP = 0.001`, or `amount.quantize(0.01)`) raises `TypeError: conversion from float to
 * Decimal is not supported` → the same value as a Decimal, exact: the module constant written
 * `Decimal("0.001")` when every use of it in the file is such an operand, else
 * `Decimal(str(YIELD_STEP))` at the call; a literal operand becomes `Decimal("0.01")`. Only the
 * culprit line's one such operand; a name bound to anything but a float literal: no candidate.
 */
export const pythonDecimalFloatArgument: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'hand a Decimal method a Decimal, not a float (quantize(Decimal("0.001")))',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    if (!culprit || !/^conversion from float to Decimal is not supported/.test(exception?.message ?? '')) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    const text = lines[culprit.line - 1] ?? '';
    const operands = [...maskStrings(text).matchAll(CALL)];
    if (operands.length !== 1) return;
    const operand = operands[0]!;
    const at = operand.index + operand[0].indexOf(operand[1]!, 1);
    const name = operand[1]!;
    const replaceOperand = (value: string) => {
      lines[culprit.line - 1] = text.slice(0, at) + value + text.slice(at + name.length);
    };
    let summary: string;
    if (new RegExp(`^${FLOAT}$`).test(name)) {
      replaceOperand(`Decimal("${name}")`);
      summary = `Decimal("${name}")`;
    } else {
      const binding = new RegExp(String.raw`^${name}\s*(?::\s*float\s*)?=\s*(${FLOAT})\s*(?:#.*)?$`);
      const bound = lines.flatMap((l, i) => (binding.test(l) ? [i] : []));
      const uses = lines.filter((l) => new RegExp(String.raw`(?<![\w.])${name}(?!\w)`).test(maskStrings(l)));
      if (bound.length !== 1) return;
      const methodUse = new RegExp(String.raw`\.(?:${METHODS.join('|')})\(\s*${name}\s*[,)]`);
      if (uses.every((l) => l === lines[bound[0]!] || methodUse.test(maskStrings(l)))) {
        const literal = binding.exec(lines[bound[0]!]!)![1]!;
        lines[bound[0]!] = lines[bound[0]!]!.replace(
          new RegExp(String.raw`^(${name}\s*)(?::\s*float\s*)?(=\s*)${literal.replace('.', '\\.')}`),
          `$1$2Decimal("${literal}")`,
        );
        summary = `${name} = Decimal("${literal}")`;
      } else {
        replaceOperand(`Decimal(str(${name}))`);
        summary = `Decimal(str(${name}))`;
      }
    }
    await tree.write(culprit.file, await withDecimal(python, culprit.file, join(lines), 'Decimal'));
    yield {
      key: ID,
      summary: `hand the Decimal method ${summary} (${culprit.file}:${culprit.line})`,
      template: { recipe: ID },
    };
  },
};
