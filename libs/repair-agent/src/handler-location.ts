import { endpointShape, routeShape, routeTable } from './node/js-routes.js';
import { findNestRoute } from './node/nest-routes.js';
import { nodeProjectFor } from './node/node-project.js';
import type { PythonProject } from './python/python-project.js';
import { findRoute } from './recipes/python/route-match.js';
import type { CulpritLocation } from './recipes/recipe.js';
import type { SourceTree } from './source/source-tree.js';
import type { RootCause } from './types.js';

/**
 * Where a root cause without a trace (a hang, or a crash that printed nothing) is handled: the
 * handler the app registers for its endpoint, from the route indexes (Node: Express and Fastify
 * routes through routers and plugins, NestJS controllers; Python: FastAPI routes through included routers). Null when
 * the endpoint's route is not found.
 */
export async function handlerLocation(
  cause: RootCause,
  tree: SourceTree,
  python?: PythonProject,
): Promise<CulpritLocation | null> {
  if (cause.trace || (cause.kind !== 'timeout' && cause.kind !== 'crash')) return null;
  const wanted = cause.endpoints.map(endpointShape).filter((e) => e !== null);
  if (wanted.length === 0) return null;
  const routes = await routeTable(nodeProjectFor(tree)).catch(() => []);
  for (const { method, shape } of wanted) {
    const route = routes.find(
      (r) => r.path !== null && r.method === method && routeShape(r.path) === shape && r.handler,
    );
    if (route?.handler)
      return {
        file: route.handlerFile ?? route.file,
        line: route.handler.line,
        ...(route.handler.name ? { function: route.handler.name } : {}),
      };
  }
  for (const endpoint of cause.endpoints) {
    const route = await findNestRoute(nodeProjectFor(tree), tree, endpoint).catch(() => undefined);
    if (route) return { file: route.handlerFile, line: route.handler.line, function: route.handler.name };
  }
  if (!python) return null;
  for (const endpoint of cause.endpoints) {
    const route = await findRoute(python, endpoint).catch(() => undefined);
    if (route) return { file: route.file, line: route.handler.line, function: route.handler.name };
  }
  return null;
}
