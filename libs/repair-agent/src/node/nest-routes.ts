import type { SourceTree } from '../source/source-tree.js';
import { parseProgram } from './js-ast.js';
import type { JsFunction } from './js-module.js';
import { endpointShape, joinPaths, routeShape } from './js-routes.js';
import { nestFileFacts, type NestControllerDecl, type NestFileFacts, type NestHandlerDecl, type NestModuleDecl } from './nest-decorators.js';
import type { NodeProject } from './node-project.js';

/** A route a NestJS controller method serves. */
export interface NestRoute {
  /** The controller's file. */
  readonly file: string;
  readonly controller: NestControllerDecl;
  readonly handler: NestHandlerDecl;
  readonly method: string;
  /** Global prefix + controller path + method path (`/api/sites/:id`), served or not. */
  readonly fullPath: string;
  /** `fullPath` when the controller is listed by a module the app's root module reaches; null otherwise. */
  readonly path: string | null;
}

/** A `@Module` class and the file declaring it. */
export interface NestModuleRef {
  readonly file: string;
  readonly module: NestModuleDecl;
  /** Reachable from the module `NestFactory.create` bootstraps (every module when no bootstrap is found). */
  readonly reachable: boolean;
}

/** The Nest app of a project: its routes and modules; null when no file declares a controller or module. */
export interface NestApp {
  readonly routes: readonly NestRoute[];
  readonly modules: readonly NestModuleRef[];
  readonly globalPrefix: string;
  /** The module `NestFactory.create` bootstraps, when found. */
  readonly root?: NestModuleRef;
}

const perTree = new WeakMap<SourceTree, Map<string, { source: string; facts: NestFileFacts | null }>>();

/**
 * The NestJS routes of the project: `@Controller(prefix)` classes with `@Get/@Post/…(path)`
 * methods, mounted when a `@Module({ controllers })` lists them and the module is reached through
 * `imports` from the one `NestFactory.create(AppModule)` bootstraps; `app.setGlobalPrefix('api')`
 * prefixes every path. Files are re-parsed only when their text changed.
 */
export async function nestApp(project: NodeProject, tree: SourceTree): Promise<NestApp | null> {
  const facts = await factsOf(project, tree);
  if (![...facts.values()].some((f) => f.controllers.length > 0 || f.modules.length > 0)) return null;
  const bootstrap = [...facts].flatMap(([file, f]) => f.bootstraps.map((b) => ({ file, ...b })))[0];
  const globalPrefix = bootstrap?.globalPrefix ?? '';

  // Where a class a file names is declared: the file itself or the project file it imports it from.
  const declaring = async (file: string, local: string): Promise<{ file: string; name: string } | null> => {
    if (facts.get(file)?.modules.some((m) => m.name === local) || facts.get(file)?.controllers.some((c) => c.name === local)) return { file, name: local };
    const module = (await project.modules()).get(file);
    for (const imp of module?.imports ?? []) {
      const binding = imp.names.find((n) => n.local === local);
      if (!binding) continue;
      const target = await project.resolve(file, imp.source);
      return target ? { file: target, name: binding.imported === 'default' ? local : binding.imported } : null;
    }
    return null;
  };

  const allModules = [...facts].flatMap(([file, f]) => f.modules.map((module) => ({ file, module })));
  const reached = new Set<string>();
  const rootRef = bootstrap ? await declaring(bootstrap.file, bootstrap.rootModule) : null;
  if (bootstrap) {
    const start = rootRef;
    const queue = start ? [start] : [];
    while (queue.length > 0) {
      const next = queue.shift()!;
      const key = `${next.file}#${next.name}`;
      if (reached.has(key)) continue;
      reached.add(key);
      const found = allModules.find((m) => m.file === next.file && m.module.name === next.name);
      for (const imported of found?.module.imports ?? []) {
        const target = await declaring(next.file, imported);
        if (target) queue.push(target);
      }
    }
  }
  const modules: NestModuleRef[] = allModules.map((m) => ({ ...m, reachable: !bootstrap || reached.has(`${m.file}#${m.module.name}`) }));

  const mounted = new Set<string>();
  for (const { file, module, reachable } of modules) {
    if (!reachable) continue;
    for (const local of module.controllers) {
      const target = await declaring(file, local);
      if (target) mounted.add(`${target.file}#${target.name}`);
    }
  }

  const routes: NestRoute[] = [];
  for (const [file, f] of facts) {
    for (const controller of f.controllers) {
      const served = mounted.has(`${file}#${controller.name}`);
      for (const handler of controller.handlers) {
        for (const prefix of controller.paths) {
          for (const local of handler.paths) {
            const fullPath = joinPaths(joinPaths(joinPaths('', globalPrefix), prefix), local);
            routes.push({ file, controller, handler, method: handler.method, fullPath, path: served ? fullPath : null });
          }
        }
      }
    }
  }
  const root = rootRef ? modules.find((m) => m.file === rootRef.file && m.module.name === rootRef.name) : undefined;
  return { routes, modules, globalPrefix, ...(root ? { root } : {}) };
}

async function factsOf(project: NodeProject, tree: SourceTree): Promise<Map<string, NestFileFacts>> {
  let cache = perTree.get(tree);
  if (!cache) perTree.set(tree, (cache = new Map()));
  const out = new Map<string, NestFileFacts>();
  for (const [file, module] of await project.modules()) {
    // Only files that import from @nestjs declare anything Nest reads.
    if (!module.imports.some((i) => i.source.startsWith('@nestjs/'))) continue;
    const source = await tree.read(file);
    if (source === null) continue;
    let entry = cache.get(file);
    if (entry?.source !== source) {
      let facts: NestFileFacts | null = null;
      try {
        facts = nestFileFacts(parseProgram(file, source));
      } catch {
        // A file that does not parse declares nothing we can use.
      }
      cache.set(file, (entry = { source, facts }));
    }
    if (entry.facts) out.set(file, entry.facts);
  }
  return out;
}

/** The indexed function of a Nest route's handler method (its returns, calls, params). */
export async function nestHandlerFunction(project: NodeProject, route: NestRoute): Promise<JsFunction | undefined> {
  const module = (await project.modules()).get(route.file);
  return module?.functions.find((f) => f.name === route.handler.name && f.start >= route.handler.start && f.end <= route.handler.end);
}

/** The served Nest route of a documented endpoint (`GET /api/sites/{id}`), if the project has one. */
export async function findNestRoute(project: NodeProject, tree: SourceTree, endpoint: string): Promise<NestRoute | undefined> {
  const wanted = endpointShape(endpoint);
  const app = wanted ? await nestApp(project, tree) : null;
  return app?.routes.find((r) => r.path !== null && (r.method === wanted!.method || r.method === 'all') && routeShape(r.path) === wanted!.shape);
}
