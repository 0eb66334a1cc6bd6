import type { PythonProject, PythonRoute } from '../../python/python-project.js';
import { findRoute } from '../../recipes/python/route-match.js';
import type { RootCause } from '../../types.js';

/** The distinct route handlers serving a root cause's endpoints (those of its violations too). */
export async function causeRoutes(python: PythonProject, cause: RootCause): Promise<PythonRoute[]> {
  const routes: PythonRoute[] = [];
  for (const endpoint of new Set([...cause.endpoints, ...cause.violations.map((v) => v.endpoint)])) {
    const route = await findRoute(python, endpoint).catch(() => undefined);
    if (route && !routes.some((r) => r.file === route.file && r.handler.line === route.handler.line))
      routes.push(route);
  }
  return routes;
}
