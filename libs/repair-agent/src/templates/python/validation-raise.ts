import { addFromImport, splitSource } from '../../python/python-edits.js';
import { importSpecifier } from '../../python/module-names.js';
import type { RepairTemplate, TemplateContext } from '../template.js';
import { documents } from './contract-schema.js';
import { crashedRequestDetail, crashedRequestStatus } from './crashed-request-status.js';
import { indentOf, indentUnit, maskStrings } from './expression-text.js';

const PLAIN = ['ValueError', 'Exception', 'AssertionError'];

/**
 * App code rejects request data with a plain exception (`raise ValueError("…")` — or a project
 * exception class that derives from one and nothing handles — under an `if`/`else` on the
 * request's values — or on locals computed from them — or an `assert` on them) and the operation documents 400 or 422 →
 * raise with that status and the same message at the raise site: the codebase's own HTTPException subclass
 * for that status when it has one, else `HTTPException`. Documented 400 first, then 422 (a
 * documented 409 before them when the message says the value is already taken; before all, the 4xx
 * the failing test asserts for the request that crashed, when documented or when the test asserts the
 * raised message as the answer's detail). A
 * ValueError raised by a library call (the culprit line is no raise/assert of the app's), or a
 * check that reads none of the function's inputs, is not a request error.
 */
export const pythonValidationRaise: RepairTemplate = {
  id: 'python.validation-raise',
  language: 'python',
  summary: 'answer the documented 400/422 where app code rejects request data with a plain exception',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], culprit: true, contract: true },
  async *candidates(context) {
    const { exception, culprit, tree, python, operation } = context;
    if (!exception || !culprit) return;
    // A uniqueness check ("already registered") is a conflict where the operation documents 409.
    const conflict =
      /\b(?:already|exists?|duplicate|conflict|taken|in use)\b/i.test(exception.message) && documents(operation, 409);
    const statuses = [...(conflict ? [409] : []), ...[400, 422].filter((s) => documents(operation, s))];
    // The failing test asserts the status of the request that crashed (`assert r.status_code == 409`):
    // that one first, when it is a refusal the operation documents (or the contract is the code's own).
    const asserted = await crashedRequestStatus(context);
    if (asserted && asserted >= 400 && asserted < 500 && asserted !== 404 && !statuses.includes(asserted)) {
      // A contract file that lists only the validation errors still lets the test speak for this refusal when it
      // asserts the raised message itself as the answer's detail: status and words are then both documented.
      const sameWords = (await crashedRequestDetail(context)) === exception.message;
      if (documents(operation, asserted) || context.contractFromCode || sameWords) statuses.unshift(asserted);
    }
    const fn = await python.functionAt(culprit.file, culprit.line);
    const source = await tree.read(culprit.file);
    if (statuses.length === 0 || !fn || source === null) return;
    const { lines } = splitSource(source);
    const text = lines[culprit.line - 1] ?? '';
    const inputs = fn.params.filter((p) => p !== 'self' && p !== 'cls');
    const reads = (condition: string) => inputs.some((p) => new RegExp(`\\b${p}\\b`).test(maskStrings(condition)));
    // A local computed from the inputs before the check (`isbn = raw.replace("-", "")`) is request data too.
    for (let i = fn.bodyLine - 1; i < culprit.line - 1; i++) {
      const assigned = /^\s*(\w+)\s*(?::[^=]+)?=(?!=)(.+)$/.exec(lines[i] ?? '');
      if (assigned && reads(assigned[2]!) && !inputs.includes(assigned[1]!)) inputs.push(assigned[1]!);
    }
    const raise = /^(\s*)raise\s+(\w+)\((.*)\)(\s+from\s+\w+)?\s*$/.exec(text);
    const assertion = splitAssert(text);
    const type = exception.type.replace(/^.*\./, '');
    let rewrite: ((raised: string) => string[]) | null = null;
    if (raise && raise[2] === type && (PLAIN.includes(type) || (await derivesFromPlain(python, type)))) {
      const condition = enclosingCondition(lines, culprit.line, fn.bodyLine);
      if (condition === null || !reads(condition)) return;
      rewrite = (raised) => [`${raise[1]}raise ${raised}${raise[4] ?? ''}`];
    } else if (assertion && type === 'AssertionError') {
      if (!reads(assertion.condition)) return;
      const unit = indentUnit(lines);
      rewrite = (raised) => [
        `${assertion.indent}if not (${assertion.condition}):`,
        `${assertion.indent}${unit}raise ${raised}`,
      ];
    }
    if (!rewrite) return;
    const detail = raise
      ? raise[3]!.trim() || JSON.stringify(exception.message)
      : (assertion?.message ?? JSON.stringify(`invalid request: ${assertion?.condition}`));
    const raises: { key: string; name: string; module: string; raised: string; status: number }[] = [];
    for (const status of statuses) {
      const own = await ownHttpError(context, status);
      if (own)
        raises.push({
          key: `own-${status}`,
          name: own.name,
          module: own.module,
          raised: `${own.name}(${detail})`,
          status,
        });
      raises.push({
        key: String(status),
        name: 'HTTPException',
        module: 'fastapi',
        raised: `HTTPException(status_code=${status}, detail=${detail})`,
        status,
      });
    }
    for (const raised of raises) {
      const current = await tree.read(culprit.file);
      const module = (await python.modules()).get(culprit.file);
      if (current === null || !module) return;
      const split = splitSource(current);
      split.lines.splice(culprit.line - 1, 1, ...rewrite(raised.raised));
      const imported =
        module.imports.some((i) => i.names.some((n) => (n.asname ?? n.name) === raised.name)) ||
        module.defs.some((d) => d.name === raised.name);
      const joined = split.join(split.lines);
      const spelled = raised.module === 'fastapi' ? 'fastapi' : importSpecifier(culprit.file, module, raised.module);
      await tree.write(culprit.file, imported ? joined : addFromImport(joined, module, spelled, raised.name));
      yield {
        key: `python.validation-raise#${raised.key}`,
        summary:
          `raise ${raised.name} (${raised.status}) instead of ${exception.type} ` +
          `at ${culprit.file}:${culprit.line}`,
        template: { recipe: `python.validation-raise#${raised.key}`, from: type, status: raised.status },
      };
    }
  },
};

// A project exception class whose bases lead to a plain exception (`class InvalidTransition(ValueError)`).
async function derivesFromPlain(
  python: TemplateContext['python'],
  name: string,
  seen = new Set<string>(),
): Promise<boolean> {
  if (seen.has(name)) return false;
  seen.add(name);
  const found = await python.classNamed(name);
  if (!found) return false;
  for (const base of found.cls.bases) {
    const short = base?.replace(/^.*\./, '') ?? '';
    if (/HTTPException$/.test(short)) return false;
    if (PLAIN.includes(short) || (await derivesFromPlain(python, short, seen))) return true;
  }
  return false;
}

// The codebase's own HTTPException subclass for `status` (`class BadRequest(HTTPException)` whose
// body passes `status_code=400`) that takes the message as its one argument.
async function ownHttpError(
  { python, tree }: TemplateContext,
  status: number,
): Promise<{ name: string; module: string } | null> {
  for (const [file, module] of await python.modules()) {
    const lines = splitSource((await tree.read(file)) ?? '').lines;
    for (const cls of module.classes) {
      if (!cls.bases.some((b) => /HTTPException$/.test(b ?? ''))) continue;
      const body = lines.slice(cls.line - 1, cls.endLine).join('\n');
      const sets = new RegExp(`status_code\\s*=\\s*(?:${status}\\b|status\\.HTTP_${status}_)`).test(body);
      if (sets && cls.initParams?.length === 1) return { name: cls.name, module: await python.moduleName(file) };
    }
  }
  return null;
}

// The condition of the innermost `if`/`elif` whose block holds `line` — for an `else:` block, the
// chain's conditions it is the negation of; null when the raise is unconditional.
function enclosingCondition(lines: readonly string[], line: number, bodyLine: number): string | null {
  let indent = indentOf(lines[line - 1]!).length;
  let inElse = false;
  for (let i = line - 2; i >= bodyLine - 1; i--) {
    const text = lines[i]!;
    if (text.trim() === '' || indentOf(text).length > indent || (indentOf(text).length === indent && !inElse)) continue;
    if (inElse && indentOf(text).length < indent) return null;
    const m = /^\s*(?:if|elif)\s+(.+):\s*$/.exec(text);
    if (m) return m[1]!;
    if (!inElse && /^\s*else\s*:\s*$/.test(text)) {
      inElse = true;
      indent = indentOf(text).length;
      continue;
    }
    if (!inElse) return null;
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
    if (c === ',' && depth === 0)
      return { indent: m[1]!, condition: body.slice(0, i).trim(), message: body.slice(i + 1).trim() };
  }
  return depth === 0 ? { indent: m[1]!, condition: body.trim(), message: null } : null;
}
