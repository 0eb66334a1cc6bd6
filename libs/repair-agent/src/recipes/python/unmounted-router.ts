import { addFromImport, splitSource } from '../../python/python-edits.js';
import type { ParsedModule } from '../../python/module-summary.js';
import type { Recipe } from '../recipe.js';
import { findRoute } from './route-match.js';

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
      const route = await findRoute(python, endpoint);
      if (!route || route.file === appFile) continue;
      const moduleName = await python.moduleName(route.file);
      if (mounted.includes(`${moduleName}.${route.routerVar}`)) continue;
      if (await isIncluded(appModule, moduleName, route.routerVar)) continue;
      const source = await tree.read(appFile);
      const current = source === null ? undefined : (await python.modules()).get(appFile);
      if (source === null || !current) return null;
      await tree.write(appFile, mountRouter(source, current, moduleName, route.routerVar));
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

function mountRouter(source: string, app: ParsedModule, moduleName: string, routerVar: string): string {
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
  lines.splice(at, 0, `${indent}${target}.include_router(${local}.${routerVar})`);
  return join(lines);
}
