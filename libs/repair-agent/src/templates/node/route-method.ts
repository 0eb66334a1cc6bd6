import type { ApiModel } from '@smoke-repair/smoke-validator';
import { endpointShape, routeShape, routeTable } from '../../node/js-routes.js';
import { nodeProjectFor } from '../../node/node-project.js';
import type { RepairTemplate } from '../template.js';

const ID = 'node.route-method';

/**
 * A documented operation (`POST /orders/{id}/cancel`) finds no route — Express and Fastify answer a
 * method no route of the path takes as they answer an unknown path (`Cannot POST /orders/7/cancel`,
 * a 404; a 405 elsewhere) — while the app registers exactly one route on that path with a method
 * the contract does not document there (`router.patch('/:id/cancel', …)`): that route was
 * registered with the wrong method → the documented one (`router.post(…)`); its path and handler
 * stay. Routes of the path with documented methods (`router.get('/:id')` beside `router.put('/:id')`
 * where GET and PATCH are documented) are left as they are. Every route of the path documented
 * (the documented route is missing, not misregistered), two undocumented ones, `all`: no candidate.
 */
export const nodeRouteMethod: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'register a route with the method the contract documents for its path',
  evidence: { kinds: ['route_missing', 'status_mismatch'], contract: true },
  async *candidates({ cause, tree, node, contract }) {
    // A 404 the app's own not-found handler wrote is a status mismatch, not a route_missing: the
    // route table below decides (no route of the path takes the documented method).
    const refused = cause.violations.filter((v) => v.actualStatus === 404 || v.actualStatus === 405);
    const routes = (await routeTable(node ?? nodeProjectFor(tree))).filter((r) => r.path !== null && r.call);
    for (const endpoint of new Set(refused.map((v) => v.endpoint))) {
      const wanted = endpointShape(endpoint);
      if (!wanted || !documents(contract, wanted.shape, wanted.method)) continue;
      const onPath = routes.filter((r) => routeShape(r.path!) === wanted.shape);
      if (onPath.some((r) => r.method === wanted.method || r.method === 'all')) continue;
      const undocumented = onPath.filter((r) => !documents(contract, wanted.shape, r.method));
      if (undocumented.length !== 1) continue;
      const route = undocumented[0]!;
      const other = route.method;
      const source = await tree.read(route.file);
      if (source === null) continue;
      const lines = source.split('\n');
      const at = route.call!.line - 1;
      const target = route.call!.target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const registration = new RegExp(`((?<![\\w$.])${target}\\s*\\.\\s*)${other}(\\s*\\()`, 'g');
      // Exactly one registration of that method on the line: `router.patch('/:id/cancel', cancel);`.
      if ((lines[at]?.match(registration) ?? []).length !== 1) continue;
      lines[at] = lines[at]!.replace(registration, `$1${wanted.method}$2`);
      await tree.write(route.file, lines.join('\n'));
      yield {
        key: ID,
        summary:
          `register ${other.toUpperCase()} ${route.localPath} as ${wanted.method.toUpperCase()}, the method the ` +
          `contract documents for ${route.path} (${route.file}:${route.call!.line})`,
        template: { recipe: ID, parameters: [other, wanted.method] },
      };
      return;
    }
  },
};

function documents(contract: ApiModel | null, shape: string, method: string): boolean {
  return (contract?.operations ?? []).some((op) => op.method.toLowerCase() === method && routeShape(op.path) === shape);
}
