import type { ApiModel } from '@smoke-repair/smoke-validator';
import type { PythonRoute } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import { suiteRequests } from '../../test-requests.js';
import { splitSource } from '../../python/python-edits.js';
import { parseEndpoint, pathShape } from '../../recipes/python/route-match.js';
import type { RepairTemplate } from '../template.js';

/**
 * A documented operation (`POST /orders/{order_id}/cancel`) answers 405: FastAPI (Starlette) matched
 * the path but no route of it takes the method. When the app declares exactly one route on that
 * path, with one other method the spec does not give that path (`@router.patch(…)`) — or, the
 * contract documenting the method, several routes of which exactly one has a method it does not
 * document there (`@router.put("/{id}")` beside a documented `@router.get("/{id}")` where GET and
 * PATCH are documented) — that route was declared with the wrong method → the documented one:
 * the decorator's name (`@router.post(…)`),
 * or the one entry of `methods=[…]` (`add_api_route`, `api_route`). The handler, its path and its
 * keywords stay. The spec is the contract when it documents the operation; in test-command mode,
 * when the contract is the code's own (`app.openapi()`, which has the route's method, not the
 * test's) or documents neither method on that path, it is the test suite: the failing tests
 * request the method, and none requests the other one on that path. A real contract (a file) that
 * documents the route's own method and not the test's gives no candidate: the test may be the one
 * that is wrong. The other method in the spec too (the documented route is missing, not
 * misdeclared), two undocumented routes on the path, a route taking several methods or the wanted
 * one: no candidate.
 */
export const pythonRouteMethod: RepairTemplate = {
  id: 'python.route-method',
  language: 'python',
  summary: 'declare a route with the method the contract documents for its path',
  evidence: { kinds: ['status_mismatch'] },
  async *candidates({ cause, tree, python, contract, contractFromCode }) {
    const refused = cause.violations.filter((v) => v.actualStatus === 405 && v.expectedStatus !== 405);
    for (const endpoint of new Set(refused.map((v) => v.endpoint))) {
      const wanted = parseEndpoint(endpoint);
      if (!wanted) continue;
      const onPath = (await python.routes()).filter((r) => r.included && pathShape(r.path) === wanted.shape);
      const declared = misdeclared(onPath, contract, wanted);
      if (!declared) continue;
      const { route, other } = declared;
      const tests = refused.filter((v) => v.endpoint === endpoint).every((v) => v.nodeid !== undefined);
      const spec = await specOf({ tree, contract, route, wanted, other, tests, fromCode: !!contractFromCode });
      if (!spec) continue;
      const file = route.decoratorFile ?? route.file;
      const source = await tree.read(file);
      if (source === null) continue;
      const edited = redeclare(source, route, other, wanted.method);
      if (edited === null) continue;
      await tree.write(file, edited);
      yield {
        key: 'python.route-method',
        summary:
          `declare ${other.toUpperCase()} ${route.path} (${route.handler.name}) as ${wanted.method.toUpperCase()}, ` +
          `the method the ${spec === 'contract' ? 'contract documents' : 'tests request'} for it, at ` +
          `${file}:${route.decorator.line}`,
        template: { recipe: 'python.route-method', parameters: [other, wanted.method] },
      };
      return;
    }
  },
};

const VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

// The declaration on the path that takes one method and is the wrong one: the only declaration there,
// or, when the contract documents the wanted method, the only one whose method it does not document
// (`@router.put` beside a documented `@router.get` of the path). A declaration taking the wanted method,
// or one whose methods cannot be read: none.
function misdeclared(
  onPath: readonly PythonRoute[],
  contract: ApiModel | null,
  wanted: { method: string; shape: string },
): { route: PythonRoute; other: string } | null {
  const declarations = new Map<string, PythonRoute[]>();
  for (const r of onPath) {
    const key = `${r.decoratorFile ?? r.file}:${r.decorator.line}`;
    declarations.set(key, [...(declarations.get(key) ?? []), r]);
  }
  const read = [...declarations.values()].map((routes) => ({ routes, methods: declaredMethods(routes) }));
  if (read.some((d) => !d.methods || d.methods.includes(wanted.method))) return null;
  const suspects =
    read.length === 1
      ? read
      : documents(contract, wanted.shape, wanted.method)
        ? read.filter((d) => d.methods!.some((m) => !documents(contract, wanted.shape, m)))
        : [];
  if (suspects.length !== 1 || suspects[0]!.methods!.length !== 1) return null;
  return { route: suspects[0]!.routes[0]!, other: suspects[0]!.methods![0]! };
}

// The methods of one declaration: `add_api_route` routes are indexed one per method already; an
// `api_route` decorator lists its own (`methods=["PATCH"]`, GET when it lists none).
function declaredMethods(routes: readonly PythonRoute[]): string[] | null {
  if (routes[0]!.method !== 'api_route') return [...new Set(routes.map((r) => r.method))];
  const listed = routes[0]!.decorator.keywords['methods'];
  if (listed === undefined) return ['get'];
  const items = /^[[(]([^\])]*)[\])]$/
    .exec(listed?.trim() ?? '')?.[1]
    ?.split(',')
    .filter((s) => s.trim() !== '');
  if (!items) return null;
  const methods = items.map((s) => /^\s*(["'])(\w+)\1\s*$/.exec(s)?.[2]?.toLowerCase());
  return methods.every((m) => m !== undefined && VERBS.includes(m)) ? (methods as string[]) : null;
}

// What says the route takes the wanted method and not the other: the contract documenting the one
// and not the other, else (failing tests only) the suite requesting the one and never the other.
async function specOf(c: {
  tree: SourceTree;
  contract: ApiModel | null;
  route: PythonRoute;
  wanted: { method: string; shape: string };
  other: string;
  tests: boolean;
  fromCode: boolean;
}): Promise<'contract' | 'tests' | null> {
  if (documents(c.contract, c.wanted.shape, c.wanted.method))
    return documents(c.contract, c.wanted.shape, c.other) ? null : 'contract';
  // A real contract documenting the route's own method says the test is wrong; the code's own
  // (`app.openapi()`) documents every route as declared, so it says nothing about which is right.
  if (documents(c.contract, c.wanted.shape, c.other) && !c.fromCode) return null;
  if (!c.tests || (await requested(c.tree, c.route, c.other))) return null;
  return 'tests';
}

// Whether a test of the suite requests the route's path with `method`.
async function requested(tree: SourceTree, route: PythonRoute, method: string): Promise<boolean> {
  const want = route.path.split('/').filter(Boolean);
  return (await suiteRequests(tree)).some((call) => {
    const got = call.path?.split('/').filter(Boolean);
    return (
      call.method === method &&
      got?.length === want.length &&
      want.every((s, i) => s === got[i] || s.includes('{') || got[i]!.includes('{'))
    );
  });
}

function documents(contract: ApiModel | null, shape: string, method: string): boolean {
  return (contract?.operations ?? []).some((op) => op.method.toLowerCase() === method && pathShape(op.path) === shape);
}

// The decorator's name on its first line (`@router.patch(` → `@router.post(`), or the one string of
// the `methods=[…]` its call spells; null when the text is not that shape.
function redeclare(source: string, route: PythonRoute, from: string, to: string): string | null {
  const { lines, join } = splitSource(source);
  const first = route.decorator.line - 1;
  const target = route.decorator.target;
  const verb = new RegExp(`^(\\s*@${target}\\.)${from}(\\s*\\()`);
  if (verb.test(lines[first] ?? '')) {
    lines[first] = lines[first]!.replace(verb, `$1${to}$2`);
    return join(lines);
  }
  const span = lines.slice(first, route.decorator.endLine).join('\n');
  const listed = new RegExp(`(\\bmethods\\s*=\\s*[[(]\\s*)(["'])(${from})\\2(\\s*,?\\s*[\\])])`, 'gi');
  const found = [...span.matchAll(listed)];
  if (found.length !== 1) return null;
  const written = found[0]![3]!;
  const spelled = written === written.toUpperCase() ? to.toUpperCase() : to;
  const rewritten = span.replace(listed, `$1$2${spelled}$2$4`).split('\n');
  lines.splice(first, rewritten.length, ...rewritten);
  return join(lines);
}
