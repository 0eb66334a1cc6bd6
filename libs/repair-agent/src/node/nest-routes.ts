import type { SourceTree } from '../source/source-tree.js';
import { parseProgram } from './js-ast.js';
import type { JsFunction } from './js-module.js';
import { endpointShape, joinPaths, routeShape } from './js-routes.js';
import { statedString } from './mount-bindings.js';
import {
  nestFileFacts,
  type NestControllerDecl,
  type NestFileFacts,
  type NestHandlerDecl,
  type NestModuleDecl,
} from './nest-decorators.js';
import type { NodeProject } from './node-project.js';

/** A route a NestJS controller method serves. */
export interface NestRoute {
  /** The controller's file. */
  readonly file: string;
  readonly controller: NestControllerDecl;
  readonly handler: NestHandlerDecl;
  /** The file declaring the handler: the controller's, or a base class's it inherits the handler from. */
  readonly handlerFile: string;
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
  const globalPrefix =
    bootstrap?.globalPrefix ??
    (bootstrap?.globalPrefixRef ? await statedString(project, bootstrap.file, bootstrap.globalPrefixRef) : null) ??
    '';
  // Paths `exclude` leaves unprefixed, compared without their slashes.
  const bare = (path: string) => path.replace(/^\/+|\/+$/g, '');
  const excluded = new Set((bootstrap?.prefixExclude ?? []).map(bare));

  // Where a class a file names is declared: the file itself or the project file it imports it from.
  const declaring = async (file: string, local: string): Promise<{ file: string; name: string } | null> => {
    const here = facts.get(file);
    if (
      here?.modules.some((m) => m.name === local) ||
      here?.controllers.some((c) => c.name === local) ||
      here?.handlerClasses.some((c) => c.name === local)
    )
      return { file, name: local };
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
  const modules: NestModuleRef[] = allModules.map((m) => ({
    ...m,
    reachable: !bootstrap || reached.has(`${m.file}#${m.module.name}`),
  }));

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
      const handlers = [...controller.handlers.map((handler) => ({ handler, handlerFile: file }))];
      // Handlers a base class declares are served under the subclass's path, unless it redeclares them.
      let base = controller.superClass ? await declaring(file, controller.superClass) : null;
      for (let depth = 0; base && depth < 5; depth++) {
        const decl = facts.get(base.file)?.handlerClasses.find((c) => c.name === base!.name);
        if (!decl) break;
        for (const handler of decl.handlers)
          if (!handlers.some((h) => h.handler.name === handler.name))
            handlers.push({ handler, handlerFile: base.file });
        base = decl.superClass ? await declaring(base.file, decl.superClass) : null;
      }
      for (const { handler, handlerFile } of handlers) {
        for (const prefix of controller.paths) {
          for (const local of handler.paths) {
            const own = joinPaths(joinPaths('', prefix), local);
            const fullPath = excluded.has(bare(own))
              ? own
              : joinPaths(joinPaths(joinPaths('', globalPrefix), prefix), local);
            routes.push({
              file,
              controller,
              handler,
              handlerFile,
              method: handler.method,
              fullPath,
              path: served ? fullPath : null,
            });
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
  const module = (await project.modules()).get(route.handlerFile);
  return module?.functions.find(
    (f) => f.name === route.handler.name && f.start >= route.handler.start && f.end <= route.handler.end,
  );
}

/** The served Nest route of a documented endpoint (`GET /api/sites/{id}`), if the project has one. */
export async function findNestRoute(
  project: NodeProject,
  tree: SourceTree,
  endpoint: string,
): Promise<NestRoute | undefined> {
  const wanted = endpointShape(endpoint);
  const app = wanted ? await nestApp(project, tree) : null;
  return app?.routes.find(
    (r) =>
      r.path !== null && (r.method === wanted!.method || r.method === 'all') && routeShape(r.path) === wanted!.shape,
  );
}
