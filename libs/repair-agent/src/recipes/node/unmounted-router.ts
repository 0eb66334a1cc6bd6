import { posix } from 'node:path';
import { addJsImport, indentAt, relativeSpecifier, replaceRange } from '../../node/js-edits.js';
import type { JsModule } from '../../node/js-module.js';
import { endpointShape, findApps, routeShape, routeTable, type JsAppInfo, type JsRoute } from '../../node/js-routes.js';
import type { NodeProject } from '../../node/node-project.js';
import { nodeProjectFor } from '../../node/node-project.js';
import type { Recipe } from '../recipe.js';

/**
 * Documented routes answer 404 because the Express router / Fastify plugin defining them is
 * never mounted → `app.use('/prefix', router)` / `app.register(plugin, { prefix })` it, next to
 * the app's other mounts, with the prefix the documented paths imply.
 */
export const nodeUnmountedRouter: Recipe = {
  id: 'node.unmounted-router',
  language: 'node',
  summary: 'mount a router or plugin that defines documented routes but is never mounted',
  async apply({ cause, tree, node: given }) {
    const node = given ?? nodeProjectFor(tree);
    if (cause.kind !== 'route_missing') return null;
    const apps = await findApps(node);
    const routes = (await routeTable(node)).filter((r) => r.owner.prefix === null);
    // owner → the prefixes the documented endpoints imply for it
    const wanted = new Map<string, { route: JsRoute; prefixes: string[] }>();
    for (const endpoint of cause.endpoints) {
      const parsed = endpointShape(endpoint);
      if (!parsed) continue;
      for (const route of routes) {
        const local = routeShape(route.localPath);
        if (route.method !== parsed.method && route.method !== 'all') continue;
        const prefix = local === '/' ? parsed.shape : parsed.shape.endsWith(local) ? parsed.shape.slice(0, -local.length) : null;
        if (prefix === null || prefix.includes('{}') || (prefix !== '' && !prefix.startsWith('/'))) continue;
        const key = `${route.owner.file}#${route.owner.name}`;
        const entry = wanted.get(key) ?? { route, prefixes: [] };
        entry.prefixes.push(prefix === '/' ? '' : prefix);
        wanted.set(key, entry);
      }
    }
    const mounted: string[] = [];
    for (const { route, prefixes } of wanted.values()) {
      const prefix = mostCommon(prefixes);
      const app = apps.find((a) => a.framework === (route.owner.kind === 'plugin' ? 'fastify' : 'express')) ?? apps[0];
      if (!app || app.file === route.owner.file) continue;
      const ok = await mount(node, tree, app, route, prefix);
      if (ok) mounted.push(`${route.owner.name} (${route.owner.file}) at ${prefix || '/'}`);
    }
    if (mounted.length === 0) return null;
    return { summary: `mount ${mounted.join(', ')}`, template: { recipe: 'node.unmounted-router', mounted } };
  },
};

function mostCommon(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length)[0]![0];
}

async function mount(node: NodeProject, tree: { read(p: string): Promise<string | null>; write(p: string, c: string): Promise<void> }, app: JsAppInfo, route: JsRoute, prefix: string): Promise<boolean> {
  const owner = (await node.modules()).get(route.owner.file);
  const module = (await node.modules()).get(app.file);
  const source = await tree.read(app.file);
  if (!owner || !module || source === null) return false;
  const exported = owner.exports.find((e) => e.local === route.owner.name && e.name !== 'default') ?? owner.exports.find((e) => e.local === route.owner.name);
  if (!exported) return false;
  const isDefault = exported.name === 'default';
  const taken = new Set([...module.defs.map((d) => d.name), ...module.imports.flatMap((i) => i.names.map((n) => n.local))]);
  const local = isDefault || taken.has(exported.name) ? localName(module, route.owner.file, taken) : exported.name;
  const specifier = relativeSpecifier(source, module, app.file, route.owner.file);
  const mounts = module.mounts.filter((m) => m.target === app.name && m.kind === (app.framework === 'fastify' ? 'register' : 'use'));
  const anchor = mounts.filter((m) => m.args.some((a) => !/^(express|fastify)\b/.test(a))).at(-1) ?? mounts.at(-1);
  // Mirror inline `require('./routes/x')` mounts when that is how the app mounts the others.
  const inline = anchor?.args.some((a) => a.startsWith('require:')) ?? false;
  const binding = inline ? `require('${specifier}')${isDefault ? '' : `.${exported.name}`}` : local;
  const statement = app.framework === 'fastify' ? `${app.name}.register(${binding}${prefix ? `, { prefix: '${prefix}' }` : ''})` : `${app.name}.use(${prefix ? `'${prefix}', ` : ''}${binding})`;
  const after = anchor?.end ?? module.defs.find((d) => d.name === app.name)?.line;
  if (after === undefined) return false;
  const at = anchor ? statementEnd(source, anchor.end) : lineEnd(source, after);
  const text = `\n${indentAt(source, anchor?.start ?? at - 1)}${statement}${/;\s*$/m.test(source.slice(0, at)) ? ';' : ''}`;
  let updated = replaceRange(source, at, at, text);
  if (!inline) updated = addJsImport(updated, module, specifier, local, isDefault);
  await tree.write(app.file, updated);
  return true;
}

// `routes/suppliers.js` → `suppliersRouter`-like, following the names the app gives its other routers.
function localName(module: JsModule, file: string, taken: ReadonlySet<string>): string {
  const base = posix.basename(file).replace(/\.[cm]?js$/, '').replace(/[-_.](\w)/g, (_, c: string) => c.toUpperCase());
  const suffix = module.imports.map((i) => /(Router|Routes|Plugin|Route)$/.exec(i.names[0]?.local ?? '')?.[1]).find(Boolean) ?? '';
  let name = `${base}${suffix}`;
  while (taken.has(name)) name = `${name}Router`;
  return name;
}

function statementEnd(source: string, end: number): number {
  const m = /^[ \t]*;?/.exec(source.slice(end))!;
  return end + m[0].length;
}

function lineEnd(source: string, line: number): number {
  let offset = 0;
  for (let i = 1; i <= line; i++) offset = source.indexOf('\n', offset) + 1 || source.length;
  return Math.max(0, offset - 1);
}
