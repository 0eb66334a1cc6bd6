import { splitSource } from '../../python/python-edits.js';
import type { PythonProject, PythonRoute } from '../../python/python-project.js';
import { findRoute } from '../../recipes/python/route-match.js';
import { operationOf, type RepairTemplate } from '../template.js';
import { typesOf } from './contract-schema.js';
import { maskStrings } from './expression-text.js';

// OpenAPI scalar types and the annotation FastAPI converts a path segment to for them.
const ANNOTATION: Readonly<Record<string, string>> = { integer: 'int', number: 'float' };

/**
 * A path parameter documented as an integer (or number) that the handler annotates `str`: the
 * handler compares a string with integer ids and misses (404 where 200 is documented) or fails
 * further in → annotate it as the contract says, so FastAPI converts (and validates) the segment.
 * A contract read from the running app documents the parameter as the handler annotates it
 * (`string`): then a 404 for an id the smoke got from the app, with the code itself saying int —
 * every other route naming that path parameter annotates it `int`, or the project function the
 * handler passes it to does, and none says `str` — is evidence enough.
 * A query parameter documented `boolean` that the handler annotates `str` (`flag: str | None = None`)
 * and only tests for truth (`if flag:`, `… if flag else …`, `flag is None`): `?flag=false` is a
 * non-empty string, so true → `bool`, which FastAPI parses (`true`/`false`/`1`/`0`); seen as wrong
 * data (a failing test's assertion) as much as a status. A string the handler compares or passes on
 * (`flag == "yes"`, `parse(flag)`) is left as it is.
 */
export const pythonPathParamType: RepairTemplate = {
  id: 'python.path-param-type',
  language: 'python',
  summary: 'annotate a path (or boolean query) parameter with the type the contract documents',
  evidence: {
    kinds: ['route_missing', 'status_mismatch', 'runtime_error', 'crash', 'schema_mismatch', 'test_failure'],
    contract: true,
  },
  async *candidates({ cause, contract, tree, python }) {
    // A 404 on a documented route is grouped with every other such 404 (route_missing): each
    // endpoint of the cause is checked against its own operation.
    const fixed: string[] = [];
    const edited = new Map<string, string>();
    for (const endpoint of new Set(cause.violations.map((v) => v.endpoint))) {
      const operation = operationOf(contract, endpoint);
      const route = operation ? await findRoute(python, endpoint) : undefined;
      const source = route ? (edited.get(route.file) ?? (await tree.read(route.file))) : null;
      if (!operation || !route || source === null) continue;
      const { lines, join } = splitSource(source);
      const notFound = cause.violations.some(
        (v) => v.endpoint === endpoint && v.actualStatus === 404 && (v.expectedStatus ?? 200) < 300,
      );
      for (const parameter of operation.parameters) {
        const type = typeof parameter.schema === 'object' ? parameter.schema['type'] : undefined;
        const annotation = route.handler.annotations[parameter.name];
        let wanted: string | undefined;
        if (parameter.in === 'query' && /^(?:Optional\[)?str\b(?:\s*\|\s*None)?\]?$/.test(annotation ?? '')) {
          const types = typeof parameter.schema === 'object' ? typesOf(parameter.schema) : [];
          const flag = types.filter((t) => t !== 'null').join() === 'boolean';
          if (flag && onlyTruthTested(lines, route.handler, parameter.name)) wanted = 'bool';
        } else if (parameter.in === 'path' && route.path.includes(`{${parameter.name}}`)) {
          if (annotation !== 'str' && !/^Annotated\[str,/.test(annotation ?? '')) continue;
          const documented = typeof type === 'string' ? ANNOTATION[type] : undefined;
          wanted =
            documented ??
            (type === 'string' && notFound && (await codeSaysInt(python, route, parameter.name)) ? 'int' : undefined);
        }
        if (!wanted) continue;
        // The signature runs from the def line to the line before the body.
        for (let i = route.handler.line - 1; i < route.handler.bodyLine - 1; i++) {
          // A string default (`flag: str = "false"`) would stay a truthy string under `bool`: no candidate.
          const declared = new RegExp(`\\b${parameter.name}\\s*:[^=,)]*=\\s*(?:Query\\(\\s*)?["']`);
          if (wanted === 'bool' && declared.test(lines[i]!)) break;
          const next = lines[i]!.replace(
            new RegExp(`\\b(${parameter.name}\\s*:\\s*(?:Annotated\\[\\s*|Optional\\[\\s*)?)str\\b`),
            `$1${wanted}`,
          );
          if (next === lines[i]) continue;
          lines[i] = next;
          fixed.push(`${parameter.name}: ${wanted} in ${route.handler.name} (${endpoint})`);
          break;
        }
      }
      edited.set(route.file, join(lines));
    }
    if (fixed.length === 0) return;
    for (const [file, source] of edited) await tree.write(file, source);
    yield {
      key: 'python.path-param-type',
      summary: `annotate ${fixed.join(', ')} as documented`,
      template: { recipe: 'python.path-param-type', parameters: fixed },
    };
  },
};

// The other routes naming this path parameter, and the project functions the handler calls with a
// parameter of that name: `int` somewhere and `str` nowhere.
async function codeSaysInt(python: PythonProject, route: PythonRoute, name: string): Promise<boolean> {
  const annotations: string[] = [];
  for (const other of await python.routes()) {
    if (other.handler !== route.handler && other.path.includes(`{${name}}`))
      annotations.push(other.handler.annotations[name] ?? '');
  }
  const called = new Set(route.handler.calls.map((c) => c.name));
  for (const module of (await python.modules()).values()) {
    for (const fn of module.functions)
      if (fn !== route.handler && called.has(fn.name) && fn.params.includes(name))
        annotations.push(fn.annotations[name] ?? '');
  }
  const isInt = (a: string) => /^(int|Annotated\[int\b)/.test(a);
  const isStr = (a: string) => /^(str|Annotated\[str\b)/.test(a);
  return annotations.some(isInt) && !annotations.some(isStr);
}

// Every read of the parameter in the handler's body is a truth test or a None check, and one at
// least a truth test: `if flag:`, `not flag`, `x if flag else y`, `flag and …`, `bool(flag)`.
function onlyTruthTested(
  lines: readonly string[],
  handler: { bodyLine: number; endLine: number },
  name: string,
): boolean {
  let truth = false;
  for (const line of lines.slice(handler.bodyLine - 1, handler.endLine)) {
    const masked = maskStrings(line);
    for (const m of masked.matchAll(new RegExp(`(?<![\\w.])${name}\\b(?!\\s*\\()`, 'g'))) {
      const before = masked.slice(0, m.index);
      const after = masked.slice(m.index + name.length);
      if (/^\s+is\s+(?:not\s+)?None\b/.test(after)) continue;
      const tested = /(?:\b(?:if|elif|while|not|and|or)\s+|\bbool\(\s*)$/.test(before);
      const ends = /^\s*(?::|\)|,|$|(?:else|and|or)\b)/.test(after);
      if (!tested || !ends) return false;
      truth = true;
    }
  }
  return truth;
}
