import type { JsFunction, JsModule, JsMount, JsRouteCall } from './js-module.js';
import type { NodeProject } from './node-project.js';
import { methodOf, resolveFunction } from './resolve-function.js';
import { mountedBinding, statedPath } from './mount-bindings.js';

/** Something routes are registered on: an app, an Express router, or a Fastify plugin function. */
interface JsRouteOwner {
  readonly file: string;
  /** The variable (app, router) or the plugin function's name. */
  readonly name: string;
  readonly kind: 'app' | 'router' | 'plugin';
  /** The full prefix it is mounted under; null when it is never mounted (apps: ''). */
  readonly prefix: string | null;
}

/** One route with its owner and handler. `path` is the full path when the owner is mounted. */
export interface JsRoute {
  readonly owner: JsRouteOwner;
  readonly method: string;
  /** As registered (relative to the owner's mount point). */
  readonly localPath: string;
  readonly path: string | null;
  readonly file: string;
  readonly handler?: JsFunction;
  /** The file the handler is defined in, when it is not `file` (a controller module). */
  readonly handlerFile?: string;
  /** The registration call, as the module has it (wrapper, handler argument offsets). */
  readonly call?: JsRouteCall;
}

/** The app: where routers are mounted (`use`) or plugins registered (`register`). */
export interface JsAppInfo {
  readonly file: string;
  readonly name: string;
  readonly framework: 'express' | 'fastify';
  /** The variable mounts are called on when it is not `name` (a Fastify plugin's instance parameter). */
  readonly receiver?: string;
}

const APP_PACKAGES: Record<string, JsAppInfo['framework']> = { express: 'express', fastify: 'fastify' };

/** The app(s) of the project: variables created by `express()` / `fastify()` (or `require('fastify')(…)`). */
export async function findApps(project: NodeProject): Promise<JsAppInfo[]> {
  const apps: JsAppInfo[] = [];
  for (const [file, module] of await project.modules()) {
    for (const def of module.defs) {
      const framework = frameworkOfCall(module, def.calls);
      if (framework && !/Router$/.test(def.calls ?? '')) apps.push({ file, name: def.name, framework });
    }
    // Apps built inside a factory function: the variable is local, the mounts name it.
    for (const mount of module.mounts) {
      if (mount.host !== undefined || apps.some((a) => a.file === file && a.name === mount.target)) continue;
      const framework = Object.entries(APP_PACKAGES).find(([pkg]) => module.imports.some((i) => i.source === pkg))?.[1];
      if (framework && !module.defs.some((d) => d.name === mount.target && /Router$/.test(d.calls ?? '')))
        apps.push({ file, name: mount.target, framework });
    }
  }
  return apps;
}

function frameworkOfCall(module: JsModule, calls: string | undefined): JsAppInfo['framework'] | undefined {
  if (!calls) return undefined;
  if (calls.startsWith('require:')) return APP_PACKAGES[calls.slice(8)];
  const root = calls.split('.')[0]!;
  const source = module.imports.find((i) => i.names.some((n) => n.local === root))?.source;
  return source ? APP_PACKAGES[source] : undefined;
}

/**
 * The full prefix an app, router or plugin is served under through its chain of mounts
 * (`app.use('/v2', api)` + `api.use('/courses', courses)` → `/v2/courses`); null when no chain
 * reaches an app.
 */
export async function createPrefixResolver(
  project: NodeProject,
): Promise<(owner: { file: string; name: string }) => string | null> {
  const modules = await project.modules();
  const apps = await findApps(project);
  const mounts: { file: string; mount: JsMount }[] = [...modules].flatMap(([file, m]) =>
    m.mounts.map((mount) => ({ file, mount })),
  );
  const resolved = await Promise.all(
    mounts.map(async ({ file, mount }) => ({
      file,
      mount,
      host: mountHost(modules.get(file)!, mount),
      targets: await Promise.all(
        mount.args.map((a) => localRouter(modules.get(file)!, file, mount, a) ?? mountedBinding(project, file, a)),
      ),
      prefix: mount.prefix ?? (mount.prefixRef ? await statedPath(project, file, mount.prefixRef) : null) ?? '',
    })),
  );

  const registrars = await appRegistrars(project, apps);
  const prefixOf = (owner: { file: string; name: string }, depth: number): string | null => {
    if (apps.some((a) => a.file === owner.file && a.name === owner.name)) return '';
    if (registrars.some((r) => r.file === owner.file && r.local === owner.name)) return '';
    if (depth > 4) return null;
    for (const { file, targets, host, prefix } of resolved) {
      if (!targets.some((t) => t && t.file === owner.file && t.local === owner.name)) continue;
      const parent = prefixOf({ file, name: host }, depth + 1);
      if (parent !== null) return joinPaths(parent, prefix);
    }
    return null;
  };
  return (owner) => prefixOf(owner, 0);
}

/**
 * A `Router()` local of the named function the mount is made in (`const api = express.Router();
 * api.use('/pilots', pilots); app.use('/api/v1', api)` inside `createApp`): its routes and mounts are
 * the function's (see `factory` in summarise-module), so the mounted binding is that function.
 */
function localRouter(
  module: JsModule,
  file: string,
  mount: JsMount,
  arg: string,
): { file: string; local: string } | null {
  const fn = module.functions
    .filter((f) => f.start <= mount.start && mount.start < f.end && f.name && f.routers?.includes(arg))
    .sort((a, b) => b.start - a.start)[0];
  return fn ? { file, local: fn.name } : null;
}

/**
 * Functions the app is handed to as their first argument (`registerRoutes(app, container)`), or
 * whose first parameter is what the project takes for the app: what they mount on that parameter
 * is mounted on the app (see `mountHost`).
 */
async function appRegistrars(project: NodeProject, apps: readonly JsAppInfo[]) {
  const modules = await project.modules();
  const found: { file: string; local: string }[] = [];
  for (const app of apps) {
    const module = modules.get(app.file);
    if (!module || app.framework !== 'express') continue;
    // The app found as a function's parameter (`function registerRoutes(app: Express)`): that function.
    for (const fn of module.functions)
      if (fn.name && fn.params[0] === app.name) found.push({ file: app.file, local: fn.name });
    const calls = module.functions.flatMap((f) => f.calls).concat(module.topCalls);
    for (const call of calls) {
      if (call.object !== undefined || call.args[0]?.text !== app.name || !/^[\w$]+$/.test(call.text)) continue;
      const target = await mountedBinding(project, app.file, call.text);
      if (target) found.push(target);
    }
  }
  return found;
}

/**
 * What a mount is made on: its target variable, or — for `instance.register(child)` inside a
 * Fastify plugin `async function api(instance)` — the plugin, which is what gets registered.
 */
export function mountHost(module: JsModule, mount: JsMount): string {
  return mount.host ?? pluginAround(module, mount.start, mount.target)?.name ?? mount.target;
}

/** The innermost named function around `offset` whose first parameter is `receiver`. */
function pluginAround(module: JsModule, offset: number, receiver: string): JsFunction | undefined {
  let best: JsFunction | undefined;
  for (const fn of module.functions) {
    if (
      fn.start <= offset &&
      offset < fn.end &&
      fn.params[0] === receiver &&
      fn.name &&
      (!best || fn.start > best.start)
    )
      best = fn;
  }
  return best;
}

/** Every route of the project, with full paths for owners that are mounted. */
export async function routeTable(project: NodeProject): Promise<JsRoute[]> {
  const modules = await project.modules();
  const resolve = await createPrefixResolver(project);

  const routes: JsRoute[] = [];
  for (const [file, module] of modules) {
    const routers = new Set(module.defs.filter((d) => /(^|\.)Router$/.test(d.calls ?? '')).map((d) => d.name));
    for (const call of module.routes) {
      const kind: JsRouteOwner['kind'] =
        call.plugin !== undefined ? 'plugin' : call.router !== undefined || routers.has(call.target) ? 'router' : 'app';
      const name = kind === 'plugin' ? call.plugin! : (call.router ?? call.target);
      const prefix = resolve({ file, name });
      const owner: JsRouteOwner = { file, name, kind, prefix: kind === 'app' ? '' : prefix };
      const found = await handlerOf(project, file, module, call);
      const handler = found?.fn;
      routes.push({
        owner,
        method: call.method,
        localPath: call.path,
        path: owner.prefix === null ? null : joinPaths(owner.prefix, call.path),
        file,
        call,
        ...(handler ? { handler } : {}),
        ...(found && found.file !== file ? { handlerFile: found.file } : {}),
      });
    }
  }
  return routes;
}

async function handlerOf(
  project: NodeProject,
  file: string,
  module: JsModule,
  call: JsRouteCall,
): Promise<{ file: string; fn: JsFunction } | undefined> {
  if (call.handlerStart !== undefined) {
    const fn = module.functions.find((f) => f.start === call.handlerStart);
    return fn && { file, fn };
  }
  const ref = call.handlerName ?? call.handlerRef;
  const member = call.handlerRef?.split('.')[1];
  if (call.handlerClass && member) return methodOf(project, call.handlerClass, member);
  return ref ? resolveFunction(project, file, ref) : undefined;
}

/** `/a/` + `/:id` → `/a/:id`. */
export function joinPaths(prefix: string, path: string): string {
  const tail = path === '' || path === '/' ? '' : path.startsWith('/') ? path : `/${path}`;
  const joined = `${prefix.replace(/\/+$/, '')}${tail}`;
  return joined === '' ? '/' : joined;
}

/** `/stores/:storeId/items/` and `/stores/{store_id}/items` → `/stores/{}/items`. */
export function routeShape(path: string): string {
  const shaped = path
    .replace(/:[\w$]+\??/g, '{}')
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\/+$/, '');
  return shaped === '' ? '/' : shaped;
}

/** `POST /stores/{id}` → method and shape. */
export function endpointShape(endpoint: string): { method: string; shape: string } | null {
  const match = /^([A-Z]+)\s+(\/\S*)$/.exec(endpoint.trim());
  return match ? { method: match[1]!.toLowerCase(), shape: routeShape(match[2]!) } : null;
}
