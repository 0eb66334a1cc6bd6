import type { JsRoute } from '../../node/js-routes.js';
import type { NodeProject } from '../../node/node-project.js';
import { shadows } from './nest-route-order.js';

/**
 * The mount of the route's own router, registered above it, that serves a router whose
 * parametrised route of the same method (or `all`) matches the route's path first
 * (`router.use('/casks', casks)` then `router.get('/casks/summary', …)`, casks having
 * `GET /:caskId`): its receiver and line, for the static route to move above it.
 */
export async function shadowingMount(
  project: NodeProject,
  route: JsRoute,
  table: readonly JsRoute[],
): Promise<{ target: string; line: number } | undefined> {
  const module = (await project.modules()).get(route.file);
  if (!module || !route.call || route.owner.prefix === null || route.path === null) return undefined;
  const join = (a: string, b: string) => `${a.replace(/\/+$/, '')}/${b.replace(/^\/+/, '')}`.replace(/\/+$/, '');
  const mounts = module.mounts
    .filter(
      (m) =>
        m.kind === 'use' &&
        m.target === route.owner.name &&
        m.prefix !== null &&
        m.prefix !== '/' &&
        m.line < route.call!.line &&
        route.localPath.startsWith(`${m.prefix.replace(/\/+$/, '')}/`),
    )
    .sort((a, b) => a.line - b.line);
  for (const mount of mounts) {
    const prefix = join(route.owner.prefix, mount.prefix!);
    const shadowed = table.some(
      (r) =>
        r.owner.prefix === prefix &&
        r.owner !== route.owner &&
        r.path !== null &&
        (r.method === route.method || r.method === 'all') &&
        shadows(r.path, route.path!),
    );
    if (shadowed) return { target: mount.target, line: mount.line };
  }
  return undefined;
}
