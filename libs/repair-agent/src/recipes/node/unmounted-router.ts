import { posix } from 'node:path';
import { addJsImport, indentAt, relativeSpecifier, replaceRange } from '../../node/js-edits.js';
import type { JsModule } from '../../node/js-module.js';
import {
  createPrefixResolver,
  endpointShape,
  findApps,
  routeShape,
  routeTable,
  type JsAppInfo,
  type JsRoute,
} from '../../node/js-routes.js';
import type { NodeProject } from '../../node/node-project.js';
import { nodeProjectFor } from '../../node/node-project.js';
import type { Recipe } from '../recipe.js';
import { mountKind } from './mount-kind.js';
import { findJsRoute } from './route-match.js';
import { routerNamedFor } from '../router-named-for.js';
import { addTableEntry, importsOwner } from './table-entry.js';

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
    // A documented path a mounted route already serves answers 404 from its own handler (a wrong
    // parameter name, an entity it did not find): no mount fixes it (node.route-param-name mounts
    // what is missing alongside its own fix). The others in the group may still lack their router.
    const unserved: string[] = [];
    for (const endpoint of cause.endpoints) if (!(await findJsRoute(node, endpoint))) unserved.push(endpoint);
    if (unserved.length === 0) return null;
    const apps = await findApps(node);
    const routes = (await routeTable(node)).filter((r) => r.owner.prefix === null);
    // owner → the prefixes the documented endpoints imply for it
    const wanted = new Map<string, { route: JsRoute; prefixes: string[]; endpoints: string[]; specific: number }>();
    for (const endpoint of unserved) {
      const parsed = endpointShape(endpoint);
      if (!parsed) continue;
      for (const route of routes) {
        const local = routeShape(route.localPath);
        if (route.method !== parsed.method && route.method !== 'all') continue;
        const shaped =
          local === '/' ? parsed.shape : parsed.shape.endsWith(local) ? parsed.shape.slice(0, -local.length) : null;
        if (shaped === null || (shaped !== '' && !shaped.startsWith('/'))) continue;
        // A prefix with a parameter (`/orders/:orderId/notes`) only for a router made to
        // read its mount's parameters (`Router({ mergeParams: true })`): a bare `GET /` of any
        // other router would fit every documented `/{id}` path.
        const prefix = shaped.includes('{}')
          ? (await mergesParams(tree, route))
            ? namedPrefix(endpoint, shaped)
            : null
          : shaped;
        if (prefix === null) continue;
        const key = `${route.owner.file}#${route.owner.name}`;
        const entry = wanted.get(key) ?? { route, prefixes: [], endpoints: [], specific: 0 };
        entry.prefixes.push(prefix === '/' ? '' : prefix);
        if (!entry.endpoints.includes(endpoint)) entry.endpoints.push(endpoint);
        if (local !== '/') entry.specific++;
        wanted.set(key, entry);
      }
    }
    const mounted: string[] = [];
    // An endpoint is explained by one owner: the owners matching the most endpoints claim them
    // first, and an owner left with nothing to explain is not mounted (a bare `GET /` matches
    // every documented prefix).
    const claimed = new Set<string>();
    // A router is mounted only for a path it is named for: its shape alone fits any collection.
    const owners = [...wanted.values()]
      .map((entry) => ({ ...entry, prefix: mostCommon(entry.prefixes) }))
      .filter((entry) => entry.endpoints.some((e) => routerNamedFor(e.slice(e.indexOf(' ') + 1), entry.route.owner)))
      .sort((a, b) => b.endpoints.length - a.endpoints.length || b.specific - a.specific);
    for (const { route, prefix, endpoints } of owners) {
      if (endpoints.every((e) => claimed.has(e))) continue;
      for (const e of endpoints) claimed.add(e);
      const framework = route.owner.kind === 'plugin' ? 'fastify' : 'express';
      const fitting = apps.filter((a) => a.framework === framework);
      // The first app that takes the mount: one the router's form does not fit (a router factory
      // needing arguments; an app mounting a table of factories) leaves it to the next.
      for (const app of fitting.length > 0 ? fitting : apps.slice(0, 1)) {
        // On the app, or on the router its documented path runs through
        // (`api.use('/x', x)` under `app.use('/v2', api)`).
        const host = (await nestedHost(node, app, route, prefix)) ?? { host: app, rest: prefix };
        if (host.host.file === route.owner.file && host.host.name === route.owner.name) continue;
        if (host.host === app && app.file === route.owner.file) continue;
        if (!(await mount(node, tree, host.host, route, host.rest))) continue;
        mounted.push(
          `${route.owner.name} (${route.owner.file}) ` +
            `at ${prefix || '/'}${host.host === app ? '' : ` on ${host.host.name} (${host.host.file})`}`,
        );
        break;
      }
    }
    if (mounted.length === 0) return null;
    return { summary: `mount ${mounted.join(', ')}`, template: { recipe: 'node.unmounted-router', mounted } };
  },
};

// An Express router that is served, mounts other routers, and whose served path is the longest
// start of the documented prefix; the rest of the prefix goes on the new mount.
async function nestedHost(
  node: NodeProject,
  app: JsAppInfo,
  route: JsRoute,
  prefix: string,
): Promise<{ host: JsAppInfo; rest: string } | undefined> {
  const served = await createPrefixResolver(node);
  const plugin = route.owner.kind === 'plugin';
  if (plugin !== (app.framework === 'fastify')) return undefined;
  let best: { host: JsAppInfo; rest: string; served: string; mounts: number } | undefined;
  for (const [file, module] of await node.modules()) {
    // Express: routers (`express.Router()`) that `use` others; Fastify: plugins that `register` others.
    const hosts = plugin
      ? module.functions
          .filter((f) => f.name && f.params[0])
          .map((f) => ({ name: f.name, receiver: f.params[0]!, within: (o: number) => f.start <= o && o < f.end }))
      : module.defs
          .filter((d) => /(^|\.)Router$/.test(d.calls ?? ''))
          .map((d) => ({ name: d.name, receiver: d.name, within: () => true }));
    for (const candidate of hosts) {
      const mounts = module.mounts.filter(
        (m) =>
          m.target === candidate.receiver &&
          candidate.within(m.start) &&
          m.kind === (plugin ? 'register' : 'use') &&
          m.args.some((a) => /^[\w$.]+$/.test(a) || a.startsWith('require:')),
      ).length;
      const at = served({ file, name: candidate.name });
      if (mounts === 0 || at === null) continue;
      const path = at === '/' ? '' : at;
      // A router served at the root (`app.use('/', routes)`) hosts the mount when it mounts the
      // siblings under the same first segment (`router.use('/tasks', tasksRouter)`).
      const segment = /^\/[^/]*/.exec(prefix)?.[0];
      const aggregates = module.mounts.some(
        (m) =>
          m.target === candidate.receiver &&
          m.prefix !== null &&
          segment !== undefined &&
          (m.prefix === segment || m.prefix.startsWith(`${segment}/`)),
      );
      // So does one that already imports this router (an aggregator that requires it and forgot the
      // mount), whether it mounts its siblings one by one or from a table.
      const imports = !plugin && (await importsOwner(node, file, module, route.owner));
      if (
        (path === '' && !aggregates && !imports) ||
        (path !== '' && prefix !== path && !prefix.startsWith(`${path}/`))
      )
        continue;
      if (!best || path.length > best.served.length || (path.length === best.served.length && mounts > best.mounts)) {
        const host: JsAppInfo = {
          file,
          name: candidate.name,
          framework: app.framework,
          ...(candidate.receiver !== candidate.name ? { receiver: candidate.receiver } : {}),
        };
        best = { host, rest: prefix.slice(path.length), served: path, mounts };
      }
    }
  }
  return best && { host: best.host, rest: best.rest };
}

// `GET /api/orders/{orderId}/notes` with the shape `/api/orders/{}/notes` →
// `/api/orders/:orderId/notes` (the documented names, in Express's syntax).
function namedPrefix(endpoint: string, shaped: string): string | null {
  const path = endpoint.slice(endpoint.indexOf(' ') + 1).split('/');
  const count = shaped.split('/').length;
  const named = path
    .slice(0, count)
    .map((segment) => segment.replace(/^\{([^}]+)\}$/, ':$1'))
    .join('/');
  return routeShape(named) === shaped ? named : null;
}

async function mergesParams(tree: { read(p: string): Promise<string | null> }, route: JsRoute): Promise<boolean> {
  const source = (await tree.read(route.owner.file)) ?? '';
  const name = route.owner.name.replace(/\$/g, '\\$');
  return new RegExp(`\\b${name}\\s*=\\s*(?:[\\w$]+\\.)?Router\\(\\s*\\{[^}]*\\bmergeParams\\s*:\\s*true`).test(source);
}

function mostCommon(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length)[0]![0];
}

async function mount(
  node: NodeProject,
  tree: { read(p: string): Promise<string | null>; write(p: string, c: string): Promise<void> },
  app: JsAppInfo,
  route: JsRoute,
  prefix: string,
): Promise<boolean> {
  const owner = (await node.modules()).get(route.owner.file);
  const module = (await node.modules()).get(app.file);
  const source = await tree.read(app.file);
  if (!owner || !module || source === null) return false;
  const exported =
    owner.exports.find((e) => e.local === route.owner.name && e.name !== 'default') ??
    owner.exports.find((e) => e.local === route.owner.name);
  if (!exported) return false;
  const isDefault = exported.name === 'default';
  const taken = new Set([
    ...module.defs.map((d) => d.name),
    ...module.imports.flatMap((i) => i.names.map((n) => n.local)),
  ]);
  // Already imported here (only the mount is missing): mount that binding.
  const wantedName = isDefault ? 'default' : exported.name;
  let existing: string | undefined;
  for (const imp of module.imports) {
    // `const x = require('./r')` binds whatever `module.exports =` is: the default export.
    const name = imp.names.find(
      (n) => n.imported === wantedName || (isDefault && imp.kind === 'require' && n.imported === '*'),
    );
    if (name && (await node.resolve(app.file, imp.source)) === route.owner.file) existing = name.local;
  }
  // A default export keeps the name its own module gives it when that name is free here.
  // (not a generic `router`: `ordersRouter` after its file says more, and does not shadow the next one).
  const generic = exported.local !== null && /^(router|routes|route|plugin|api)$/i.test(exported.local);
  const ownName =
    isDefault && exported.local && exported.local !== 'default' && !generic && !taken.has(exported.local)
      ? exported.local
      : undefined;
  const local =
    existing ??
    ownName ??
    (isDefault || taken.has(exported.name)
      ? localName(module, route.owner.file, taken, generic && route.owner.kind !== 'plugin' ? 'Router' : '')
      : exported.name);
  const specifier = relativeSpecifier(source, module, app.file, route.owner.file);
  const receiver = app.receiver ?? app.name;
  const mounts = module.mounts.filter(
    (m) => m.target === receiver && m.kind === (app.framework === 'fastify' ? 'register' : 'use'),
  );
  // After the last mount of a router or plugin (never after an error handler or inline middleware).
  // After the last mount of a router or plugin, and before the app's 404 and error handlers
  // (`app.use(notFound)`, `app.use((err, req, res, next) => …)`): a mount after them is never reached.
  const kinds = await Promise.all(mounts.map((m) => mountKind(node, tree, app.file, source, m)));
  const firstTerminal = kinds.indexOf('terminal');
  const before = firstTerminal < 0 ? mounts : mounts.slice(0, firstTerminal);
  const routerAnchor = before.filter((_, i) => kinds[i] === 'router').at(-1);
  const terminal = firstTerminal >= 0 && !routerAnchor ? mounts[firstTerminal] : undefined;
  const anchor =
    routerAnchor ??
    (terminal
      ? undefined
      : (mounts.filter((m) => m.args.some((a) => !/^(express|fastify)\b/.test(a))).at(-1) ?? mounts.at(-1)));
  // Mirror inline `require('./routes/x')` mounts when that is how the app mounts the others.
  const inline = anchor?.args.some((a) => a.startsWith('require:')) ?? false;
  // A router a factory makes (`export function reportRoutes(container) { … return router }`) is
  // mounted by calling it; handed over itself, Express would run the factory as middleware and the
  // request would hang. Which arguments it wants is not certain: only a factory taking none is
  // called here, and a table of factories the loop calls (`factory(container)`) takes it as it is.
  const factory = route.owner.kind === 'router' ? owner.functions.find((f) => f.name === route.owner.name) : undefined;
  const factories = anchor?.entry !== undefined && anchor.args[0]?.startsWith('call:') === true;
  if (factories !== Boolean(factory) && (factories || factory!.params.length > 0)) return false;
  const bound = inline && !existing ? `require('${specifier}')${isDefault ? '' : `.${exported.name}`}` : local;
  const binding = factory && !factories ? `${bound}()` : bound;
  const statement =
    app.framework === 'fastify'
      ? `${receiver}.register(${binding}${prefix ? `, { prefix: '${prefix}' }` : ''})`
      : `${receiver}.use(${prefix ? `'${prefix}', ` : ''}${binding})`;
  const semicolon = /;\s*$/m.test(source.slice(0, anchor?.end ?? terminal?.end ?? source.length)) ? ';' : '';
  // Mounted in a loop over a table: the new router is one more entry of the table.
  if (anchor?.entry && !terminal && app.framework === 'express') {
    let updated = addTableEntry(source, anchor.entry, prefix, binding);
    if (!inline && !existing) updated = addJsImport(updated, module, specifier, local, isDefault);
    await tree.write(app.file, updated);
    return true;
  }
  let at: number;
  let text: string;
  if (terminal) {
    at = source.lastIndexOf('\n', terminal.start - 1) + 1;
    text = `${indentAt(source, terminal.start)}${statement}${semicolon}\n`;
  } else {
    const after = anchor?.end ?? module.defs.find((d) => d.name === app.name)?.line;
    if (after === undefined) return false;
    at = anchor ? statementEnd(source, anchor.end) : lineEnd(source, after);
    text = `\n${indentAt(source, anchor?.start ?? at - 1)}${statement}${semicolon}`;
  }
  let updated = replaceRange(source, at, at, text);
  if (!inline && !existing) updated = addJsImport(updated, module, specifier, local, isDefault);
  await tree.write(app.file, updated);
  return true;
}

// `routes/suppliers.js` → `suppliersRouter`-like, following the names the app gives its other routers.
function localName(module: JsModule, file: string, taken: ReadonlySet<string>, fallbackSuffix = ''): string {
  const base = posix
    .basename(file)
    .replace(/\.[cm]?[jt]sx?$/, '')
    .replace(/[-_.](\w)/g, (_, c: string) => c.toUpperCase());
  // The app's own routers (`projectsRoutes`), not `Router` imported from express.
  const suffix =
    module.imports
      .filter((i) => i.source.startsWith('.'))
      .map((i) => /(Router|Routes|Plugin|Route)$/.exec(i.names[0]?.local ?? '')?.[1])
      .find(Boolean) ?? fallbackSuffix;
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
