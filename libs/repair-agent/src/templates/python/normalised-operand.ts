import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate, TemplateContext } from '../template.js';
import { maskStrings, operandEnd, operandStart, operatorIndexes } from './expression-text.js';

// What a function that normalises a datetime's zone does in its body.
const NORMALISES = /\.astimezone\(|\.replace\(\s*tzinfo\s*=|\btzinfo\b/;

/**
 * `scheduled = _to_utc_naive(payload.scheduled_for)` on one line, then `if payload.scheduled_for
 * <= _utc_now():` a line later raises `can't compare offset-naive and offset-aware datetimes`:
 * the function normalised the value and then compared the raw one → compare the normalised local.
 * Evidence, all required: an operand of the failing comparison (or subtraction) is, as written,
 * the one argument of a call assigned to a local earlier in the function; the callee is the
 * project's own function and its body handles zones (`astimezone`, `replace(tzinfo=…)`,
 * `tzinfo`); the local is not assigned again before the line. Tried before the operand rewrites
 * of `python.naive-aware-datetime`: the codebase already says how it wants the value.
 */
export const pythonNormalisedOperand: RepairTemplate = {
  id: 'python.normalised-operand',
  language: 'python',
  summary: 'compare the datetime the function already normalised, not the raw value it came from',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['TypeError'], culprit: true },
  async *candidates(context) {
    const { exception, culprit, tree, python } = context;
    if (!culprit || !/can't (?:compare|subtract) offset-naive and offset-aware/.test(exception?.message ?? '')) return;
    const source = await tree.read(culprit.file);
    const fn = await python.functionAt(culprit.file, culprit.line);
    if (source === null || !fn) return;
    const split = splitSource(source);
    const text = split.lines[culprit.line - 1] ?? '';
    const masked = maskStrings(text);
    const before = split.lines.slice(fn.bodyLine - 1, culprit.line - 1);
    for (const { at, op } of operatorIndexes(masked, ['<=', '>=', '<', '>', '-'])) {
      const start = operandStart(masked, at);
      const end = operandEnd(masked, at + op.length);
      if (start < 0 || end < 0) continue;
      for (const [from, to] of [
        [start, at],
        [at + op.length, end],
      ] as const) {
        const operand = text.slice(from, to).trim();
        const local = await normalisedLocal(context, before, operand);
        if (!local) continue;
        const lead = text.slice(from, to).length - text.slice(from, to).trimStart().length;
        const at0 = from + lead;
        split.lines[culprit.line - 1] = `${text.slice(0, at0)}${local}${text.slice(at0 + operand.length)}`;
        await tree.write(culprit.file, split.join(split.lines));
        yield {
          key: 'python.normalised-operand',
          summary: `compare ${local}, the normalised ${operand}, at ${culprit.file}:${culprit.line}`,
          template: { recipe: 'python.normalised-operand' },
        };
        return;
      }
    }
  },
};

// The local assigned `normalise(operand)` above the line by a zone-handling project function, if any.
async function normalisedLocal(
  { python, tree }: TemplateContext,
  before: readonly string[],
  operand: string,
): Promise<string | null> {
  if (!/^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/.test(operand)) return null;
  const escaped = operand.replace(/\./g, '\\.');
  const assigned = new RegExp(
    `^\\s*([A-Za-z_]\\w*)\\s*(?::[^=]+)?=\\s*(?:[A-Za-z_]\\w*\\.)*([A-Za-z_]\\w*)\\(\\s*${escaped}\\s*\\)\\s*(?:#.*)?$`,
  );
  for (let i = before.length - 1; i >= 0; i--) {
    const m = assigned.exec(before[i]!);
    if (!m) continue;
    const [, local, callee] = m as unknown as [string, string, string];
    const reassigned = before.slice(i + 1).some((l) => new RegExp(`^\\s*${local}\\s*(?::[^=]+)?=(?!=)`).test(l));
    if (reassigned || local === operand) return null;
    for (const def of await python.definitionsOf(callee)) {
      if (def.kind !== 'function') continue;
      const found = (await python.modules()).get(def.file)?.functions.find((f) => f.name === callee);
      const body = found ? await tree.read(def.file) : null;
      if (!found || body === null) continue;
      if (NORMALISES.test(splitSource(body).lines.slice(found.line, found.endLine).join('\n'))) return local;
    }
    return null;
  }
  return null;
}
