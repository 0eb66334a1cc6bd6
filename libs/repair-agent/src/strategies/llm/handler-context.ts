import { endpointShape, mountHost, routeShape, routeTable } from '../../node/js-routes.js';
import { mountedBinding } from '../../node/mount-bindings.js';
import { findNestRoute } from '../../node/nest-routes.js';
import { nodeProjectFor, type NodeProject } from '../../node/node-project.js';
import { moduleNameOf } from '../../python/module-names.js';
import type { PythonProject } from '../../python/python-project.js';
import { findRoute } from '../../recipes/python/route-match.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RootCause } from '../../types.js';

/** One mount on the way from the app to a handler's router: where, and the line as written. */
interface ContextMount {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/**
 * The handler the app registers for a failing endpoint, and how its router is mounted (the app
 * first): what a cause without a trace (a 404, a 200 where 201 is documented) needs to be fixed,
 * since no frame names the code. `mounted: false` — the router is reached by no chain of mounts.
 */
export interface ContextHandler {
  readonly endpoint: string;
  readonly file: string;
  readonly line: number;
  readonly function?: string;
  /** The route's registration line (decorator or `router.get(…)`). */
  readonly route: string;
  readonly mounted: boolean;
  readonly mounts: readonly ContextMount[];
}

const MAX_CHAIN = 5;

/**
 * The handler of the cause's first endpoint the route indexes know (Python, Express/Fastify, NestJS); null when none.
 */
export async function handlerContext(
  cause: RootCause,
  tree: SourceTree,
  python: PythonProject,
): Promise<ContextHandler | null> {
  for (const endpoint of cause.endpoints) {
    const found =
      (await safely(() => pythonHandler(endpoint, tree, python))) ??
      (await safely(() => nodeHandler(endpoint, tree))) ??
      (await safely(() => nestHandler(endpoint, tree)));
    if (found) return found;
  }
  return null;
}

async function pythonHandler(
  endpoint: string,
  tree: SourceTree,
  python: PythonProject,
): Promise<ContextHandler | null> {
  const route = await findRoute(python, endpoint);
  if (!route) return null;
  const graph = await python.mounts();
  const mounts: ContextMount[] = [];
  // The router is where the route is registered (`router.add_api_route(…)` may name another module's handler).
  const registeredIn = route.decoratorFile ?? route.file;
  let child = `${moduleNameOf(registeredIn)}.${route.routerVar}`;
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    const edge = graph.edges.find((e) => e.child === child);
    if (!edge) break;
    mounts.unshift({ file: edge.file, line: edge.line, text: await lineOf(tree, edge.file, edge.line) });
    child = edge.parent;
  }
  const line = route.decorator.line;
  return {
    endpoint,
    file: route.file,
    line: route.handler.line,
    function: route.handler.name,
    route: `${registeredIn}:${line}: ${await lineOf(tree, registeredIn, line)}`,
    mounted: route.included,
    mounts,
  };
}

async function nodeHandler(endpoint: string, tree: SourceTree): Promise<ContextHandler | null> {
  const wanted = endpointShape(endpoint);
  if (!wanted) return null;
  const project = nodeProjectFor(tree);
  const routes = await routeTable(project);
  const served = routes.find(
    (r) => r.path !== null && r.method === wanted.method && routeShape(r.path) === wanted.shape && r.handler,
  );
  // A router nobody mounts: its route matches the end of the documented path.
  const route =
    served ??
    routes.find(
      (r) =>
        r.path === null && r.method === wanted.method && r.handler && wanted.shape.endsWith(routeShape(r.localPath)),
    );
  if (!route?.handler) return null;
  const mounts =
    route.owner.kind === 'app'
      ? []
      : await nodeMounts(project, tree, { file: route.owner.file, name: route.owner.name });
  const line = route.call?.line ?? route.handler.line;
  return {
    endpoint,
    file: route.handlerFile ?? route.file,
    line: route.handler.line,
    ...(route.handler.name ? { function: route.handler.name } : {}),
    route: `${route.file}:${line}: ${await lineOf(tree, route.file, line)}`,
    mounted: route.path !== null,
    mounts,
  };
}

// The `use`/`register` calls from the app down to this router, outermost first.
async function nodeMounts(
  project: NodeProject,
  tree: SourceTree,
  owner: { file: string; name: string },
): Promise<ContextMount[]> {
  const out: ContextMount[] = [];
  let current = owner;
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    let next: { file: string; name: string } | null = null;
    for (const [file, module] of await project.modules()) {
      for (const mount of module.mounts) {
        const targets = await Promise.all(mount.args.map((a) => mountedBinding(project, file, a)));
        if (!targets.some((t) => t && t.file === current.file && t.local === current.name)) continue;
        out.unshift({ file, line: mount.line, text: await lineOf(tree, file, mount.line) });
        next = { file, name: mountHost(module, mount) };
        break;
      }
      if (next) break;
    }
    if (!next) break;
    current = next;
  }
  return out;
}

async function nestHandler(endpoint: string, tree: SourceTree): Promise<ContextHandler | null> {
  const route = await findNestRoute(nodeProjectFor(tree), tree, endpoint);
  if (!route) return null;
  return {
    endpoint,
    file: route.handlerFile,
    line: route.handler.line,
    function: route.handler.name,
    route: `${route.handlerFile}:${route.handler.line}: ${await lineOf(tree, route.handlerFile, route.handler.line)}`,
    mounted: true,
    mounts: [],
  };
}

async function lineOf(tree: SourceTree, file: string, line: number): Promise<string> {
  return ((await tree.read(file)) ?? '').split('\n')[line - 1]?.trim() ?? '';
}

async function safely<T>(run: () => Promise<T>): Promise<T | undefined> {
  try {
    return (await run()) ?? undefined;
  } catch {
    return undefined;
  }
}
