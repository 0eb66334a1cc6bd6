import { addFromImport, splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { documents } from './contract-schema.js';
import { indentOf, indentUnit, maskStrings } from './expression-text.js';

const PLAIN = ['ValueError', 'Exception', 'AssertionError'];

/**
 * App code rejects request data with a plain exception (`raise ValueError("…")` under an `if`
 * on the request's values, or an `assert` on them) and the operation documents 400 or 422 →
 * raise `HTTPException` with that status and the same message at the raise site. Documented 400
 * first, then 422. A ValueError raised by a library call (the culprit line is no raise/assert of
 * the app's), or a check that reads none of the function's inputs, is not a request error.
 */
export const pythonValidationRaise: RepairTemplate = {
  id: 'python.validation-raise',
  language: 'python',
  summary: 'answer the documented 400/422 where app code rejects request data with a plain exception',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: PLAIN, culprit: true, contract: true },
  async *candidates({ exception, culprit, tree, python, operation }) {
    if (!exception || !culprit) return;
    const statuses = [400, 422].filter((s) => documents(operation, s));
    const fn = await python.functionAt(culprit.file, culprit.line);
    const source = await tree.read(culprit.file);
    if (statuses.length === 0 || !fn || source === null) return;
    const { lines } = splitSource(source);
    const text = lines[culprit.line - 1] ?? '';
    const inputs = fn.params.filter((p) => p !== 'self' && p !== 'cls');
    const reads = (condition: string) => inputs.some((p) => new RegExp(`\\b${p}\\b`).test(maskStrings(condition)));
    const raise = /^(\s*)raise\s+(\w+)\((.*)\)(\s+from\s+\w+)?\s*$/.exec(text);
    const assertion = splitAssert(text);
    let rewrite: ((status: number) => string[]) | null = null;
    if (raise && PLAIN.includes(raise[2]!) && raise[2] === exception.type) {
      const condition = enclosingCondition(lines, culprit.line, fn.bodyLine);
      if (condition === null || !reads(condition)) return;
      const detail = raise[3]!.trim() || JSON.stringify(exception.message);
      rewrite = (status) => [`${raise[1]}raise HTTPException(status_code=${status}, detail=${detail})${raise[4] ?? ''}`];
    } else if (assertion && exception.type === 'AssertionError') {
      if (!reads(assertion.condition)) return;
      const detail = assertion.message ?? JSON.stringify(`invalid request: ${assertion.condition}`);
      const unit = indentUnit(lines);
      rewrite = (status) => [`${assertion.indent}if not (${assertion.condition}):`, `${assertion.indent}${unit}raise HTTPException(status_code=${status}, detail=${detail})`];
    }
    if (!rewrite) return;
    for (const status of statuses) {
      const current = await tree.read(culprit.file);
      const module = (await python.modules()).get(culprit.file);
      if (current === null || !module) return;
      const split = splitSource(current);
      split.lines.splice(culprit.line - 1, 1, ...rewrite(status));
      const imported = module.imports.some((i) => i.names.some((n) => (n.asname ?? n.name) === 'HTTPException'));
      const joined = split.join(split.lines);
      await tree.write(culprit.file, imported ? joined : addFromImport(joined, module, 'fastapi', 'HTTPException'));
      yield {
        key: `python.validation-raise#${status}`,
        summary: `raise HTTPException(${status}) instead of ${exception.type} at ${culprit.file}:${culprit.line}`,
        template: { recipe: `python.validation-raise#${status}`, from: exception.type, status },
      };
    }
  },
};

// The condition of the innermost `if`/`elif` whose block holds `line` (null when the raise is unconditional).
function enclosingCondition(lines: readonly string[], line: number, bodyLine: number): string | null {
  const indent = indentOf(lines[line - 1]!).length;
  for (let i = line - 2; i >= bodyLine - 1; i--) {
    const text = lines[i]!;
    if (text.trim() === '' || indentOf(text).length >= indent) continue;
    const m = /^\s*(?:if|elif)\s+(.+):\s*$/.exec(text);
    return m ? m[1]! : null;
  }
  return null;
}

// `assert cond, msg` on one line → its parts (the comma at bracket depth 0 outside strings).
function splitAssert(text: string): { indent: string; condition: string; message: string | null } | null {
  const m = /^(\s*)assert\s+(.+?)\s*$/.exec(text);
  if (!m) return null;
  const body = m[2]!;
  const masked = maskStrings(body);
  let depth = 0;
  for (let i = 0; i < masked.length; i++) {
    const c = masked[i]!;
    depth += '([{'.includes(c) ? 1 : ')]}'.includes(c) ? -1 : 0;
    if (c === ',' && depth === 0) return { indent: m[1]!, condition: body.slice(0, i).trim(), message: body.slice(i + 1).trim() };
  }
  return depth === 0 ? { indent: m[1]!, condition: body.trim(), message: null } : null;
}
