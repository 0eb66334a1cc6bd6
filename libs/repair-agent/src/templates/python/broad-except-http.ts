import { addFromImport, splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import { findRoute, parseEndpoint } from '../../recipes/python/route-match.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RootCause } from '../../types.js';
import type { RepairTemplate } from '../template.js';
import { answeredAs, raiseSites, registeredErrors } from './answered-errors.js';
import { broadClauses, type BroadClause } from './broad-except-clause.js';
import { callPath } from './call-path.js';
import { documents } from './contract-schema.js';

// Project functions followed from the `try` body through the calls it makes.
const DEPTH = 3;
// A server-error status in code: `500`, `status_code=503`, `status.HTTP_500_INTERNAL_SERVER_ERROR`.
const SERVER_ERROR = /\b5\d\d\b|HTTP_5\d\d/;

/**
 * A route handler wraps its service call in a catch-all (`try: … except Exception as exc: raise
 * HTTPException(500, …) from exc`, or `return JSONResponse(status_code=500, …)`), while the code
 * in the `try` raises the app's own answers: an `HTTPException(404/409)`, or a class the app maps
 * to a status with `@app.exception_handler(…)` / `add_exception_handler`. The catch-all turns the
 * documented 404/409 into a 500. Evidence: a 5xx where the smoke (or the test's `assert 500 ==
 * 409`) expected a 4xx the operation documents, or a logged error of such a class; the handler's
 * catch-all answers 5xx; the `try` body (or a project function it calls, three deep) raises
 * HTTPException or a handled class. Fix: `except (HTTPException, HandledError): raise` right before
 * the catch-all, which stays for errors nobody meant; missing names are imported. Never on a
 * catch-all that re-raises or answers 4xx, nor on a `try` that raises nothing the app answers.
 */
export const pythonBroadExceptHttp: RepairTemplate = {
  id: 'python.broad-except-http',
  language: 'python',
  summary: 'let the errors the app answers itself through a route’s catch-all except',
  evidence: { kinds: ['test_failure', 'status_mismatch', 'runtime_error'] },
  async *candidates({ cause, tree, python, operation, exception }) {
    const registered = await registeredErrors(python, tree);
    const expected = refusedAsServerError(cause);
    // A logged error the app answers itself, or a documented refusal answered 5xx. A test's own
    // AssertionError (`assert 500 == 409`) is the refusal, not an error of the app.
    const raised = exception && !/(?:^|\.)AssertionError$/.test(exception.type) ? exception : null;
    const logged = raised ? await answeredAs(python, raised.type, registered) : null;
    if (raised && !logged) return;
    if (!logged && (expected.length === 0 || (operation && !expected.some((s) => documents(operation, s))))) return;
    const endpoints = [...cause.endpoints, ...cause.violations.map((v) => v.endpoint)].filter(parseEndpoint);
    for (const endpoint of new Set(endpoints)) {
      const route = await findRoute(python, endpoint).catch(() => undefined);
      const source = route ? await tree.read(route.file) : null;
      if (!route || source === null) continue;
      for (const clause of broadClauses(splitSource(source).lines, route.handler)) {
        if (!(await answersServerError(python, tree, clause, registered))) continue;
        const path = await callPath(python, route.file, route.handler, DEPTH, clause.tryBody);
        const through = new Set<string>();
        for (const site of await raiseSites(tree, path, clause.tryBody)) {
          const as = await answeredAs(python, site.name, registered);
          if (as && !(as === 'HTTPException' && SERVER_ERROR.test(site.text))) through.add(as);
        }
        if (through.size === 0) continue;
        const patched = await letThrough(python, route.file, source, clause, through);
        if (!patched) continue;
        await tree.write(route.file, patched.source);
        yield {
          key: 'python.broad-except-http',
          summary:
            `re-raise ${patched.names.join(', ')} before the catch-all except of ${route.handler.name} ` +
            `(${route.file}:${clause.line}): it answered the app's own errors 5xx`,
          template: { recipe: 'python.broad-except-http' },
        };
      }
    }
  },
};

// The 4xx statuses the violations expected where a 5xx came back (`assert 500 == 409` in a test).
function refusedAsServerError(cause: RootCause): number[] {
  const out: number[] = [];
  for (const v of cause.violations) {
    const { expectedStatus: want, actualStatus: got } = v;
    if (want && got && got >= 500 && want >= 400 && want < 500) out.push(want);
    const m = /\bassert\s+(\d{3})\s*==\s*(\d{3})\b/.exec(`${v.message}\n${v.signature.message}`);
    const pair = m ? [Number(m[1]), Number(m[2])] : [];
    const refused = pair.find((s) => s >= 400 && s < 500);
    if (refused && pair.some((s) => s >= 500)) out.push(refused);
  }
  return out;
}

// The clause answers 5xx itself (a 500 status, or an error FastAPI answers 500), and neither it nor
// an earlier clause of its `try` already lets the app's own errors through.
async function answersServerError(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  clause: BroadClause,
  registered: ReadonlySet<string>,
): Promise<boolean> {
  if (/^\s*raise\s*$/m.test(clause.body)) return false;
  for (const name of clause.earlier) if (await answeredAs(python, name, registered)) return false;
  if (SERVER_ERROR.test(clause.body) && /\b(?:raise|return)\b/.test(clause.body)) return true;
  const raised = /\braise\s+([A-Za-z_][\w.]*)\s*\(/.exec(clause.body)?.[1];
  if (!raised) return false;
  const as = await answeredAs(python, raised, registered);
  if (as === null) return true;
  if (as === 'HTTPException') return false;
  // A handled class of the app's own that carries a 5xx status.
  const cls = await python.classNamed(raised.split('.').pop()!);
  const text = cls ? splitSource((await tree.read(cls.file)) ?? '').lines.slice(cls.cls.line - 1, cls.cls.endLine) : [];
  return /\bstatus_code\s*(?::\s*\w+\s*)?=\s*(?:5\d\d\b|\S*HTTP_5\d\d)/.test(text.join('\n'));
}

// The clause `except (HTTPException, Handled): raise` inserted before the catch-all, with the
// names the handler's module does not bind imported; null when a name cannot be imported.
async function letThrough(
  python: PythonProject,
  file: string,
  source: string,
  clause: BroadClause,
  through: ReadonlySet<string>,
): Promise<{ source: string; names: string[] } | null> {
  const module = (await python.modules()).get(file);
  if (!module) return null;
  const bound = new Set([
    ...module.imports.flatMap((imp) => imp.names.map((n) => n.asname ?? n.name)),
    ...module.defs.map((d) => d.name),
  ]);
  // HTTPException is always an answer the code meant: let it through when the module has it at hand.
  const names = [...new Set([...(bound.has('HTTPException') ? ['HTTPException'] : []), ...through])];
  const imports: { module: string; name: string }[] = [];
  for (const name of names) {
    if (bound.has(name)) continue;
    const cls = name === 'HTTPException' ? null : await python.classNamed(name);
    if (name !== 'HTTPException' && !cls) return null;
    imports.push({ module: cls ? await python.moduleName(cls.file) : 'fastapi', name });
  }
  const { lines, join } = splitSource(source);
  const caught = names.length === 1 ? names[0]! : `(${names.join(', ')})`;
  lines.splice(clause.line - 1, 0, `${clause.indent}except ${caught}:`, `${clause.bodyIndent}raise`);
  let out = join(lines);
  for (const imp of imports) out = addFromImport(out, module, imp.module, imp.name);
  return { source: out, names };
}
