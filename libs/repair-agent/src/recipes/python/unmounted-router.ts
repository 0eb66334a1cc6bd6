import { addFromImport, splitSource } from '../../python/python-edits.js';
import type { ParsedModule } from '../../python/module-summary.js';
import type { Recipe } from '../recipe.js';
import type { PythonProject, PythonRoute } from '../../python/python-project.js';
import { findRoute, parseEndpoint, pathShape } from './route-match.js';

/**
 * Documented routes answer 404 because the router that defines them is never mounted →
 * `app.include_router(...)` it, the way the app mounts its other routers.
 */
export const pythonUnmountedRouter: Recipe = {
  id: 'python.unmounted-router',
  language: 'python',
  summary: 'mount a router that defines documented routes but is never included',
  async apply({ cause, tree, python }) {
    if (cause.kind !== 'route_missing') return null;
    const modules = await python.modules();
    const app = [...modules].find(([, m]) => m.apps.length > 0 && m.includes.length > 0) ?? [...modules].find(([, m]) => m.apps.length > 0);
    if (!app) return null;
    const [appFile, appModule] = app;
    const mounted: string[] = [];
    for (const endpoint of cause.endpoints) {
      const found = (await findRoute(python, endpoint)) ?? (await findUnincludedRoute(python, endpoint));
      const route = found && 'route' in found ? found.route : found;
      if (!route || route.file === appFile) continue;
      const moduleName = await python.moduleName(route.file);
      if (mounted.includes(`${moduleName}.${route.routerVar}`)) continue;
      if (await isIncluded(appModule, moduleName, route.routerVar)) continue;
      const source = await tree.read(appFile);
      const current = source === null ? undefined : (await python.modules()).get(appFile);
      if (source === null || !current) return null;
      const prefix = found && 'prefix' in found ? found.prefix : '';
      await tree.write(appFile, mountRouter(source, current, moduleName, route.routerVar, prefix));
      mounted.push(`${moduleName}.${route.routerVar}`);
    }
    if (mounted.length === 0) return null;
    return { summary: `mount ${mounted.join(', ')} in ${appFile}`, template: { recipe: 'python.unmounted-router', routers: mounted } };
  },
};

// Included when some include_router argument names this module's router: `payments.router`
// after `from app.routers import payments`, or a name imported from the module itself.
async function isIncluded(app: ParsedModule, moduleName: string, routerVar: string): Promise<boolean> {
  const aliases = new Map<string, string>();
  for (const imp of app.imports) {
    for (const n of imp.names) {
      const local = n.asname ?? n.name;
      aliases.set(local, imp.kind === 'from' ? `${imp.module}.${n.name}` : n.name);
    }
  }
  return app.includes.some((inc) => {
    const arg = inc.arg ?? '';
    const [head, ...rest] = arg.split('.');
    const resolved = aliases.get(head!) ?? head!;
    return [resolved, ...rest].join('.') === `${moduleName}.${routerVar}`;
  });
}

// A router nobody includes whose paths lack the prefix the documented endpoint has: apps that
// give prefixes at `include_router(r, prefix="/x")` write `@router.get("")`. The prefix is the
// endpoint's path minus the route's.
async function findUnincludedRoute(python: PythonProject, endpoint: string): Promise<{ route: PythonRoute; prefix: string } | undefined> {
  const parsed = parseEndpoint(endpoint);
  if (!parsed) return undefined;
  for (const route of await python.routes()) {
    if (route.included || (route.method !== parsed.method && route.method !== 'api_route')) continue;
    const local = pathShape(route.path);
    const prefix = local === '/' ? parsed.shape : parsed.shape.endsWith(local) ? parsed.shape.slice(0, -local.length) : null;
    if (prefix && prefix.startsWith('/') && !prefix.includes('{}')) return { route, prefix };
  }
  return undefined;
}

function mountRouter(source: string, app: ParsedModule, moduleName: string, routerVar: string, prefix: string): string {
  const target = app.apps[0]!.var;
  const dot = moduleName.lastIndexOf('.');
  const local = moduleName.slice(dot + 1);
  // Mirror the app's own style: `from pkg import module` + `app.include_router(module.router)`.
  const withImport = dot > 0 ? addFromImport(source, app, moduleName.slice(0, dot), local) : `import ${moduleName}\n${source}`;
  const shift = withImport.split('\n').length - source.split('\n').length;
  const { lines, join } = splitSource(withImport);
  const lastInclude = app.includes.reduce((max, inc) => Math.max(max, inc.endLine), 0);
  const at = lastInclude > 0 ? lastInclude + shift : app.apps[0]!.line + shift;
  const indent = lastInclude > 0 ? /^\s*/.exec(lines[lastInclude + shift - 1]!)![0] : '';
  lines.splice(at, 0, `${indent}${target}.include_router(${local}.${routerVar}${prefix ? `, prefix=${JSON.stringify(prefix)}` : ''})`);
  return join(lines);
}
