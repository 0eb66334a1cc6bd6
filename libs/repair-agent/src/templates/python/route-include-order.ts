import { splitSource } from '../../python/python-edits.js';
import type { PythonRoute } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import { findRoute, parseEndpoint } from '../../recipes/python/route-match.js';
import type { RepairTemplate } from '../template.js';
import { pathSegments, shadowsPath } from './route-order.js';

/**
 * python.route-order across routers: the documented static path (`GET /wheels/ready`, in the
 * reports router) is shadowed by a parametrised route of ANOTHER router (`GET /wheels/{wheel_id}`)
 * that is included earlier (`app.include_router(wheels.router)` above
 * `app.include_router(reports.router)`) → the static route's router is included first: its
 * one-line `include_router(...)` moves up, right before the shadowing one's. Only when both
 * routers are included in the same module, one line each, referenced as `module.router`, and no
 * parametrised route of the moved router would then shadow a route of a router it moves ahead of.
 */
export const pythonRouteIncludeOrder: RepairTemplate = {
  id: 'python.route-include-order',
  language: 'python',
  summary: 'include the router of a static route before the router whose parametrised route shadows it',
  evidence: { kinds: ['status_mismatch', 'schema_mismatch', 'runtime_error', 'route_missing'], contract: true },
  async *candidates({ cause, tree, python }) {
    for (const endpoint of new Set(cause.violations.map((v) => v.endpoint))) {
      const parsed = parseEndpoint(endpoint);
      const target = await findRoute(python, endpoint);
      if (!parsed || !target || parsed.shape.includes('{}')) continue;
      const segments = pathSegments(target.path);
      const shadows = (await python.routes()).filter(
        (r) =>
          r.file !== target.file &&
          (r.method === target.method || r.method === 'api_route') &&
          shadowsPath(r.path, segments),
      );
      const shadowFiles = new Set(shadows.map((r) => r.file));
      if (shadowFiles.size !== 1) continue;
      const moved = await moveInclude(tree, target, shadows[0]!, await python.routes());
      if (!moved) continue;
      yield {
        key: 'python.route-include-order',
        summary:
          `include ${moved.router} before ${moved.before}, whose ${shadows[0]!.path} shadows ${target.path} ` +
          `(${moved.file})`,
        template: { recipe: 'python.route-include-order' },
      };
      return;
    }
  },
};

// Moves the include of `target`'s router above the include of `shadow`'s, in the module that has both.
async function moveInclude(
  tree: SourceTree,
  target: PythonRoute,
  shadow: PythonRoute,
  routes: readonly PythonRoute[],
): Promise<{ file: string; router: string; before: string } | null> {
  const ref = (route: PythonRoute) => `${route.file.replace(/^.*\//, '').replace(/\.py$/, '')}.${route.routerVar}`;
  const include = (name: string) =>
    new RegExp(`^\\s*\\w+\\.include_router\\(\\s*${name.replace('.', '\\.')}\\s*[,)].*$`);
  for (const file of await tree.list()) {
    if (!file.endsWith('.py')) continue;
    const source = await tree.read(file);
    if (source === null || !source.includes('include_router')) continue;
    const { lines, join } = splitSource(source);
    const at = lines.findIndex((l) => include(ref(target)).test(l));
    const before = lines.findIndex((l) => include(ref(shadow)).test(l));
    if (at < 0 || before < 0 || at < before || !wholeCall(lines[at]!) || !wholeCall(lines[before]!)) continue;
    // Moved ahead of them, the router's own parametrised routes must shadow none of theirs.
    const jumped = lines.slice(before, at).flatMap((l) => {
      const m = /include_router\(\s*(\w+)\.(\w+)/.exec(l);
      return m ? routes.filter((r) => r.file.replace(/^.*\//, '') === `${m[1]}.py` && r.routerVar === m[2]) : [];
    });
    const own = routes.filter((r) => r.file === target.file && r.routerVar === target.routerVar);
    if (
      own.some((o) => jumped.some((j) => j.method === o.method && j !== o && shadowsPath(o.path, pathSegments(j.path))))
    )
      return null;
    const [line] = lines.splice(at, 1);
    lines.splice(before, 0, line!);
    await tree.write(file, join(lines));
    return { file, router: ref(target), before: ref(shadow) };
  }
  return null;
}

// A one-line call: as many `(` as `)` (a call continued on the next line is not moved whole).
function wholeCall(line: string): boolean {
  return (line.match(/\(/g) ?? []).length === (line.match(/\)/g) ?? []).length;
}
