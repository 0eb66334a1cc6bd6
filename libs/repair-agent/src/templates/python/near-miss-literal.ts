import type { RepairTemplate } from '../template.js';
import { findNearMissLiterals, replaceLiteral } from '../shared/near-miss-literal.js';

// The failures an empty query result leads to.
const EXCEPTIONS = [
  'ZeroDivisionError',
  'InvalidOperation',
  'DivisionByZero',
  'IndexError',
  'StopIteration',
  'AttributeError',
  'TypeError',
];

/**
 * A query whose filter literal is a near miss of a value the app defines (`status="complete"`
 * against `COMPLETED = "completed"`) finds nothing, and the function fails on the empty result
 * → the literal the app defines (see `shared/near-miss-literal.ts` for the evidence required).
 * Tried before the guards on the symptom (an empty-division guard would answer 200 with zeros).
 * Attribute and type errors count only when they are about `None` or an empty sequence.
 */
export const pythonNearMissLiteral: RepairTemplate = {
  id: 'python.near-miss-literal',
  language: 'python',
  summary: 'a filter literal that names no value the app has → the near-identical value it defines',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS, culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    if (!exception || !culprit) return;
    if (
      (exception.type === 'AttributeError' || exception.type === 'TypeError') &&
      !/NoneType|None\b/.test(exception.message)
    )
      return;
    const fn = await python.functionAt(culprit.file, culprit.line);
    if (!fn) return;
    for (const fix of await findNearMissLiterals(tree, culprit.file, fn.line, culprit.line, ['.py'])) {
      const source = await tree.read(culprit.file);
      if (source === null) return;
      await tree.write(culprit.file, replaceLiteral(source, fix));
      yield {
        key: 'python.near-miss-literal',
        summary:
          `"${fix.literal}" at ${culprit.file}:${fix.lines.join(',')} names no value the app has → ` +
          `"${fix.replacement}"`,
        template: { recipe: 'python.near-miss-literal', literal: fix.literal, replacement: fix.replacement },
      };
    }
  },
};
