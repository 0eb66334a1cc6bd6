import { splitSource } from '../../python/python-edits.js';
import type { FunctionSummary } from '../../python/module-summary.js';
import { findRoute } from '../../recipes/python/route-match.js';
import type { RepairTemplate, TemplateContext } from '../template.js';
import { callPath } from './call-path.js';

// The bound a count is checked against before one more is taken.
const BOUND = /(?:capacity|limit|max\w*|\w*_max|quota|seats|slots)$/i;
// An operand: a name, an attribute or a call (`booked`, `run.capacity`, `len(bookings)`), no arithmetic.
const COUNT = /^[A-Za-z_][\w.]*(?:\([^()]*\))?$/;
// What counts things already taken: `len(...)`, `count_overlapping(...)`, `q.count()`, `func.count(...)`.
const COUNTING = /(?:^|[^\w])(?:len|count\w*|\w+_count)\s*\(/;
// Functions followed from the handler through the calls it makes.
const DEPTH = 3;

/**
 * A request that should be refused as full (the test asserts `status_code == 409`, or the smoke
 * expected a documented 409) is accepted: on the handler's call path, the one check that raises a
 * conflict compares what is already taken with the bound strictly (`if booked > run.capacity:
 * raise conflict(...)`), so the request that takes the last+1 place passes → `>=`: with `capacity`
 * places taken, there is none left. Only a `>` between a count of what is taken (`len(...)`, a
 * `count…(...)` call, or a local assigned from one) and an operand named like a bound (capacity,
 * limit, max…, quota, seats, slots) whose block raises something that names 409 or a conflict; a
 * measure against its maximum (`length > berth.max_length`), a count already adjusted
 * (`taken + 1 > capacity`) or any other check: no candidate.
 */
export const pythonCapacityBound: RepairTemplate = {
  id: 'python.capacity-bound',
  language: 'python',
  summary: 'refuse as full once a count reaches its capacity (>=), not only past it',
  evidence: { kinds: ['test_failure', 'status_mismatch'] },
  async *candidates(context) {
    const { cause, tree, python } = context;
    const violation = cause.violations[0];
    if (!violation || !(await wantsConflict(context))) return;
    const route = await findRoute(python, violation.endpoint);
    if (!route) return;
    for (const { file, fn } of await callPath(python, route.file, route.handler, DEPTH)) {
      const source = await tree.read(file);
      if (source === null) continue;
      const { lines, join } = splitSource(source);
      for (let i = fn.bodyLine - 1; i < fn.endLine; i++) {
        const check = /^(\s*)(el)?if\s+(.+?)\s+>\s+(.+?)\s*:\s*(?:#.*)?$/.exec(lines[i] ?? '');
        if (!check || !COUNT.test(check[3]!) || !COUNT.test(check[4]!)) continue;
        if (!BOUND.test(check[4]!.replace(/\(.*\)$/, '')) || !counts(lines, fn, i, check[3]!)) continue;
        const next = lines.slice(i + 1, fn.endLine).find((l) => l.trim() !== '') ?? '';
        if (!/^\s*raise\b/.test(next) || !/409|conflict/i.test(next)) continue;
        lines[i] = lines[i]!.replace(/\s>\s/, ' >= ');
        await tree.write(file, join(lines));
        yield {
          key: 'python.capacity-bound#reached',
          summary: `refuse once ${check[3]} reaches ${check[4]} (>=) at ${file}:${i + 1}`,
          template: { recipe: 'python.capacity-bound#reached' },
        };
        return;
      }
    }
  },
};

/** Whether `operand` counts what is taken: a counting call, or a local the function assigned from one. */
function counts(lines: readonly string[], fn: FunctionSummary, at: number, operand: string): boolean {
  if (COUNTING.test(operand)) return true;
  if (!/^\w+$/.test(operand)) return false;
  const assigned = new RegExp(`^\\s*${operand}\\s*(?::[^=]+)?=(?!=)(.+)$`);
  for (let i = at - 1; i >= fn.bodyLine - 1; i--) {
    const value = assigned.exec(lines[i] ?? '')?.[1];
    if (value !== undefined) return COUNTING.test(value);
  }
  return false;
}

/** Whether the failure is a documented conflict (409) that the app did not answer. */
async function wantsConflict({ cause, tree, exception }: TemplateContext): Promise<boolean> {
  const violation = cause.violations[0]!;
  if (cause.kind === 'status_mismatch')
    return violation.expectedStatus === 409 && violation.actualStatus !== null && violation.actualStatus < 300;
  if (!violation.nodeid || exception?.type.replace(/^.*\./, '') !== 'AssertionError') return false;
  // The test's own assertion failed (no app frame under it): the request was answered, not 409.
  const testFile = violation.nodeid.split('::')[0]!;
  const frames = (cause.trace?.frames ?? []).filter((f) => f.inApp);
  const last = frames.at(-1);
  if (!last || !(last.file === testFile || last.file.endsWith(`/${testFile}`))) return false;
  const text = splitSource((await tree.read(testFile)) ?? '').lines[last.line - 1] ?? '';
  return /^\s*assert\s+[\w.]+\.status_code\s*==\s*409\b/.test(text);
}
