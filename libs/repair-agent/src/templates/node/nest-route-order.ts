import { replaceRange } from '../../node/js-edits.js';
import { routeShape } from '../../node/js-routes.js';
import { findNestRoute, nestApp, type NestRoute } from '../../node/nest-routes.js';
import { nodeProjectFor } from '../../node/node-project.js';
import type { RootCause } from '../../types.js';
import type { RepairTemplate } from '../template.js';

const ID = 'node.nest-route-order';

/**
 * A documented static route (`GET /orders/summary`) answers an error because a parametrised
 * route of the same controller and method declared above it (`@Get(':id')`) matches its path
 * first: Nest registers a controller's handlers in declaration order and Express serves the first
 * match, so the request reached the other handler (its `ParseIntPipe` answers 400, its lookup 404)
 * → move the static handler, decorators and all, above the first handler that shadows it.
 */
export const nodeNestRouteOrder: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'declare a static NestJS route before the parametrised route of its controller that shadows it',
  evidence: { kinds: ['status_mismatch', 'schema_mismatch'] },
  async *candidates({ cause, tree, node: given }) {
    const endpoint = answeredOtherwise(cause);
    if (!endpoint) return;
    const node = given ?? nodeProjectFor(tree);
    const route = await findNestRoute(node, tree, endpoint);
    const app = route ? await nestApp(node, tree) : null;
    if (!route || !app || route.handlerFile !== route.file) return;
    // The shadowing handler: same controller and method, declared earlier, matching the static path.
    const shadow = app.routes
      .filter(
        (r) =>
          r.file === route.file &&
          r.controller.name === route.controller.name &&
          r.path !== null &&
          r.handler.start < route.handler.start,
      )
      .filter(
        (r) =>
          (r.method === route.method || r.method === 'all') &&
          r.handler.name !== route.handler.name &&
          shadows(r.fullPath, route.fullPath),
      )
      .sort((a, b) => a.handler.start - b.handler.start)[0];
    if (!shadow) return;
    const source = await tree.read(route.file);
    if (source === null) return;
    const updated = moveAbove(source, route, shadow);
    if (updated === null) return;
    await tree.write(route.file, updated);
    yield {
      key: ID,
      summary:
        `declare ${route.controller.name}.${route.handler.name} (${route.fullPath}) ` +
        `before ${shadow.handler.name} (${shadow.fullPath}), which matched its path first ` +
        `(${route.file}:${shadow.handler.line})`,
      template: { recipe: ID },
    };
  },
};

/** The endpoint of a cause answered with another status than documented (not unanswered), or null. */
export function answeredOtherwise(cause: RootCause): string | null {
  const violation = cause.violations[0];
  return violation && violation.actualStatus !== null && violation.actualStatus !== violation.expectedStatus
    ? violation.endpoint
    : null;
}

/**
 * Whether the pattern (`/a/:id`) matches the other route's path taken literally (`/a/stats`):
 * same number of segments, every literal segment equal, and at least one parameter where the other has text.
 */
export function shadows(pattern: string, path: string): boolean {
  const p = routeShape(pattern).split('/');
  const q = routeShape(path).split('/');
  if (p.length !== q.length || !p.includes('{}')) return false;
  let shadowed = false;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '{}') shadowed ||= q[i] !== '{}';
    else if (p[i] !== q[i]) return false;
  }
  return shadowed;
}

// The route's whole declaration (its lines, and one blank line after it) moved to just above the shadow's.
function moveAbove(source: string, route: NestRoute, shadow: NestRoute): string | null {
  const lineStart = (offset: number) => source.lastIndexOf('\n', offset - 1) + 1;
  const from = lineStart(route.handler.decoratedStart);
  let to = source.indexOf('\n', route.handler.end);
  if (to < 0) return null;
  to += 1;
  // Only whitespace may share the declaration's lines.
  if (
    source.slice(from, route.handler.decoratedStart).trim() !== '' ||
    source.slice(route.handler.end, to).trim() !== ''
  )
    return null;
  // It leaves with one blank line that separated it (after it, or before it when it was last) and
  // arrives with one after it.
  const after = /^[ \t]*\n/.exec(source.slice(to));
  const before = /\n[ \t]*\n$/.exec(source.slice(0, from));
  const [cutFrom, cutTo] = after
    ? [from, to + after[0].length]
    : before
      ? [from - before[0].length + 1, to]
      : [from, to];
  const at = lineStart(shadow.handler.decoratedStart);
  const block = `${source.slice(from, to)}${after || before ? '\n' : ''}`;
  return replaceRange(replaceRange(source, cutFrom, cutTo, ''), at, at, block);
}
