import type { PythonProject } from '../../python/python-project.js';
import { splitSource } from '../../python/python-edits.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { maskStrings, statementEnd } from './expression-text.js';
import { requestFrames } from './trace-frames.js';

// A class outside the project that names itself an exception (`HTTPException`, `ValueError`,
// `PermissionError`, `StopIteration`): the framework's and the builtins'.
const EXCEPTION_NAME = /^(?:(?:[A-Z]\w*)?(?:Error|Exception)|StopIteration|StopAsyncIteration)$/;

/**
 * An exception is built as a statement of its own and never raised
 * (`HTTPException(status_code=404, detail="…")` on a not-found branch, without `raise`), so the
 * code goes on with the value the branch was guarding against and fails further down
 * (`AttributeError: 'NoneType' object has no attribute 'id'`). Evidence: a frame of the trace is
 * in app code after such an expression statement in the same function: the statement is on the
 * request's path, between the function's start and the line that failed. The class is an
 * exception: a framework or builtin one (`…Error`, `…Exception`), or a project class whose bases
 * lead to one. Fix: `raise` it, as written. Not for an exception bound to a name or passed on
 * (`error = HTTPException(…)`, `errors.append(ValueError(…))`), a call of any other class, or a
 * statement after the failing line.
 */
export const pythonExceptionNotRaised: RepairTemplate = {
  id: 'python.exception-not-raised',
  language: 'python',
  summary: 'raise an exception that a statement builds and drops, on the path to the failing line',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], culprit: true },
  async *candidates(context) {
    const { tree, python } = context;
    for (const frame of await requestFrames(context)) {
      const source = await tree.read(frame.file);
      if (source === null) continue;
      const { lines } = splitSource(source);
      // Nearest the failing line first: the branch that should have left the function.
      for (let i = frame.line - 2; i >= frame.fn.bodyLine - 1; i--) {
        const dropped = startsStatement(lines, frame.fn.bodyLine - 1, i) ? droppedConstruction(lines, i) : null;
        if (!dropped || !(await isExceptionClass(python, dropped))) continue;
        const current = await tree.read(frame.file);
        if (current === null) return;
        const edit = splitSource(current);
        edit.lines[i] = edit.lines[i]!.replace(/^(\s*)/, '$1raise ');
        await tree.write(frame.file, edit.join(edit.lines));
        yield {
          key: siteKey('python.exception-not-raised', frame.file, i + 1),
          summary: `raise the ${dropped} built and dropped at ${frame.file}:${i + 1} (the code went on to fail)`,
          template: { recipe: 'python.exception-not-raised', exception: dropped },
        };
      }
    }
  },
};

// The class a whole expression statement constructs (`Name(…)` or `module.Name(…)` and nothing
// else on its lines), or null.
function droppedConstruction(lines: readonly string[], i: number): string | null {
  const masked = maskStrings(lines[i] ?? '');
  const call = /^\s*((?:[A-Za-z_]\w*\.)*([A-Z]\w*))\s*\(/.exec(masked);
  if (!call) return null;
  const end = statementEnd(lines, i + 1);
  const text = lines
    .slice(i, end)
    .map(maskStrings)
    .join('\n')
    .slice(call[0].length - 1);
  // The call's closing parenthesis ends the statement: `Name(…).with_traceback(…)` or `Name(…) or …` is another shape.
  let depth = 0;
  for (let k = 0; k < text.length; k++) {
    if ('([{'.includes(text[k]!)) depth++;
    else if (')]}'.includes(text[k]!) && --depth === 0) return text.slice(k + 1).trim() === '' ? call[2]! : null;
  }
  return null;
}

// Line `i` opens a statement: no bracket is open since the body's first line, no `\\` continues the line above.
function startsStatement(lines: readonly string[], from: number, i: number): boolean {
  let depth = 0;
  for (let k = from; k < i; k++)
    for (const c of maskStrings(lines[k]!)) depth += '([{'.includes(c) ? 1 : ')]}'.includes(c) ? -1 : 0;
  return depth === 0 && !/\\\s*$/.test(lines[i - 1] ?? '');
}

// A project class whose bases lead to an exception, or a framework/builtin class named as one.
async function isExceptionClass(python: PythonProject, name: string, seen = new Set<string>()): Promise<boolean> {
  if (seen.has(name)) return false;
  seen.add(name);
  const found = await python.classNamed(name);
  if (!found) return EXCEPTION_NAME.test(name);
  for (const base of found.cls.bases) {
    const short = base?.split('.').pop() ?? '';
    if (short && (await isExceptionClass(python, short, seen))) return true;
  }
  return false;
}
