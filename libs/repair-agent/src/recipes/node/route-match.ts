import { endpointShape, routeShape, routeTable, type JsRoute } from '../../node/js-routes.js';
import type { NodeProject } from '../../node/node-project.js';

/** The mounted route serving a documented endpoint (`POST /stores/{id}`), if the project has one. */
export async function findJsRoute(node: NodeProject, endpoint: string): Promise<JsRoute | undefined> {
  const parsed = endpointShape(endpoint);
  if (!parsed) return undefined;
  return (await routeTable(node)).find(
    (r) => r.path !== null && (r.method === parsed.method || r.method === 'all') && routeShape(r.path) === parsed.shape,
  );
}
