import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { indentOf, indentUnit, maskStrings } from './expression-text.js';

// `unsupported operand type(s) for +: 'NoneType' and 'int'` (either side).
const NONE_OPERAND = /^unsupported operand type\(s\) for ([^:]+): '(NoneType|[\w.]+)' and '(NoneType|[\w.]+)'$/;
const OPTIONAL_RETURN = /->\s*(?:Optional\[|[^:]*\|\s*None\b|None\s*\|)/;

/**
 * A function declared to return None sometimes (`-> int | None`) computes its value from an
 * operand that is None for some rows (`return coupe.last_cut_year + coupe.rotation_years` for a
 * coupe never cut) and raises `TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'`
 * → it returns None when that operand is None (`if coupe.last_cut_year is None: return None`),
 * the answer its signature already promises. Only a one-line `return a OP b` with the operator once
 * at the top level, the None side (from the message) a name or attribute chain, in a function
 * annotated Optional; any other shape, or a function that never returns None, gets nothing.
 */
export const pythonOptionalReturnOperand: RepairTemplate = {
  id: 'python.optional-return-operand',
  language: 'python',
  summary: 'return None where a function declared Optional computes from a None operand',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    const failed = NONE_OPERAND.exec(exception?.message.trim() ?? '');
    if (!failed || !culprit || (failed[2] === 'NoneType') === (failed[3] === 'NoneType')) return;
    const [, operator, left] = failed as unknown as [string, string, string];
    const source = await tree.read(culprit.file);
    const fn = await python.functionAt(culprit.file, culprit.line);
    if (source === null || !fn) return;
    const { lines, join } = splitSource(source);
    const signature = lines.slice(fn.line - 1, Math.max(fn.line, fn.bodyLine - 1)).join(' ');
    const line = lines[culprit.line - 1] ?? '';
    const code = line.slice(0, codeEnd(line));
    const returned = /^\s*return\s+(.+?)\s*$/.exec(code)?.[1];
    if (!OPTIONAL_RETURN.test(signature) || !returned) return;
    const sides = topLevelSplit(returned, operator.trim());
    const operand = sides?.[left === 'NoneType' ? 0 : 1]?.trim();
    if (!operand || !/^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/.test(operand)) return;
    const indent = indentOf(line);
    lines.splice(culprit.line - 1, 0, `${indent}if ${operand} is None:`, `${indent}${indentUnit(lines)}return None`);
    await tree.write(culprit.file, join(lines));
    yield {
      key: 'python.optional-return-operand',
      summary:
        `return None when ${operand} is None (${fn.name} is declared Optional) ` + `at ${culprit.file}:${culprit.line}`,
      template: { recipe: 'python.optional-return-operand' },
    };
  },
};

// `a OP b` split at its one top-level `OP` (outside brackets and strings); null for none or several.
function topLevelSplit(expression: string, operator: string): [string, string] | null {
  const masked = maskStrings(expression);
  let depth = 0;
  const at: number[] = [];
  for (let i = 0; i < masked.length; i++) {
    const c = masked[i]!;
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (depth === 0 && masked.startsWith(operator, i)) {
      // `*` of `**`, `/` of `//`, and a unary sign are other operators.
      const before = masked[i - 1] ?? '';
      const after = masked[i + operator.length] ?? '';
      if (before === operator[0] || after === operator[0] || masked.slice(0, i).trim() === '') continue;
      at.push(i);
    }
  }
  if (at.length !== 1) return null;
  return [expression.slice(0, at[0]), expression.slice(at[0]! + operator.length)];
}
