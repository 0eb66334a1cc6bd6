import { routeTable } from '../../node/js-routes.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { findJsRoute } from '../../recipes/node/route-match.js';
import type { RepairTemplate } from '../template.js';
import { answeredOtherwise, shadows } from './nest-route-order.js';

const ID = 'node.express-route-order';

/**
 * Express serves the first registered route that matches, so `router.get('/overdue', …)` after
 * `router.get('/:id', …)` on one router is never reached: its request gets the id handler's
 * answer (400 from the id check, 404 from the lookup). The static registration moves to the line
 * above the first one that shadows it (one-line registrations only).
 */
export const nodeExpressRouteOrder: RepairTemplate = {
  id: ID,
  language: 'node',
  evidence: { kinds: ['status_mismatch', 'schema_mismatch'] },
  summary: 'register a static Express route above a parametrised one of its router that matches it first',
  async *candidates({ cause, tree, node }) {
    const endpoint = answeredOtherwise(cause);
    const project = node ?? nodeProjectFor(tree);
    const route = endpoint ? await findJsRoute(project, endpoint) : undefined;
    if (!route?.call || route.path === null) return;
    const shadow = (await routeTable(project))
      .filter(
        (r) =>
          r.file === route.file &&
          r.owner.name === route.owner.name &&
          r.call &&
          r.call.line < route.call!.line &&
          r.path !== null,
      )
      .filter((r) => (r.method === route.method || r.method === 'all') && shadows(r.path!, route.path!))
      .sort((a, b) => a.call!.line - b.call!.line)[0];
    if (!shadow?.call) return;
    const source = await tree.read(route.file);
    if (source === null) return;
    const lines = source.split('\n');
    const own = lines[route.call.line - 1];
    const above = lines[shadow.call.line - 1];
    const starts = (line: string | undefined, target: string) =>
      line !== undefined && new RegExp(`^\\s*${target.replace(/\$/g, '\\$')}\\.\\w+\\(`).test(line);
    // One statement on one line each: `router.get('/overdue', handler);`.
    if (!starts(own, route.call.target) || !starts(above, shadow.call.target) || !/\)\s*;?\s*$/.test(own!)) return;
    lines.splice(route.call.line - 1, 1);
    lines.splice(shadow.call.line - 1, 0, own!);
    await tree.write(route.file, lines.join('\n'));
    yield {
      key: ID,
      summary:
        `register ${route.method.toUpperCase()} ${route.localPath} before ${shadow.localPath}, which matched ` +
        `its path first (${route.file}:${shadow.call.line})`,
      template: { recipe: ID },
    };
  },
};
