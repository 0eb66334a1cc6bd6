import { endpointShape, routeShape, routeTable, type JsRoute } from '../../node/js-routes.js';
import { nodeProjectFor } from '../../node/node-project.js';
import type { RepairTemplate } from '../template.js';

const ID = 'node.route-segment';

/**
 * A documented route answers 404 while its router registers the path under another word in one
 * literal segment (`router.get('/:layoutId/statistics', controller.stats)` for documented
 * `/layouts/{layoutId}/stats`) → the route's own literal takes the documented word. Only when no
 * route serves the documented path, exactly one route of that method differs from it in that one
 * literal segment (in its own path, not its mount's), the contract documents that served path
 * under no method, and the two words are one (they share a stem of three letters, or the handler
 * is named for the documented word: `controller.stats`).
 */
export const nodeRouteSegment: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'register a route under the documented word where its own path names another',
  evidence: { kinds: ['route_missing', 'status_mismatch'], contract: true },
  async *candidates({ cause, tree, node: given, contract }) {
    if (!contract) return;
    const routes = await routeTable(given ?? nodeProjectFor(tree));
    const documented = new Set(contract.operations.map((op) => routeShape(op.path)));
    for (const endpoint of cause.endpoints) {
      const wanted = endpointShape(endpoint);
      if (!wanted || routes.some((r) => r.path && r.method === wanted.method && routeShape(r.path) === wanted.shape))
        continue;
      const near = routes.flatMap((route) => {
        const slip = route.path && route.method === wanted.method ? oneWord(route, wanted.shape) : null;
        return slip && !documented.has(routeShape(route.path!)) ? [{ route, ...slip }] : [];
      });
      if (near.length !== 1) continue;
      const { route, served, word } = near[0]!;
      if (!sameWord(served, word, handlerName(route))) continue;
      const source = route.call ? await tree.read(route.file) : null;
      if (!route.call || source === null) continue;
      const lines = source.split('\n');
      const text = lines[route.call.line - 1] ?? '';
      const literal = new RegExp(`(['"\`])${route.localPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1`);
      if (!literal.test(text)) continue;
      const fixed = route.localPath
        .split('/')
        .map((s) => (s === served ? word : s))
        .join('/');
      lines[route.call.line - 1] = text.replace(literal, (_m, q: string) => `${q}${fixed}${q}`);
      await tree.write(route.file, lines.join('\n'));
      yield {
        key: ID,
        summary:
          `register '${fixed}' for '${route.localPath}' (${route.file}:${route.call.line}): ` +
          `${endpoint} is documented`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

// The one literal segment of the route's own path where it differs from `shape`, and the documented word.
function oneWord(route: JsRoute, shape: string): { served: string; word: string } | null {
  const s = routeShape(route.path!).split('/');
  const d = shape.split('/');
  if (s.length !== d.length) return null;
  const differ = s.flatMap((x, i) => (x === d[i] ? [] : [i]));
  if (differ.length !== 1) return null;
  const [served, word] = [s[differ[0]!]!, d[differ[0]!]!];
  if (served === '{}' || word === '{}' || !/^[\w.-]+$/.test(word)) return null;
  const own = routeShape(route.localPath).split('/');
  // The segment must lie in the route's own path: the mount's prefix is another template's.
  return differ[0]! >= s.length - own.length && own.includes(served) ? { served, word } : null;
}

function handlerName(route: JsRoute): string {
  return route.handler?.name || route.call?.handlerRef?.split('.').at(-1) || route.call?.handlerName || '';
}

// `statistics`/`stats` (a stem of three letters), or a handler named for the documented word.
function sameWord(served: string, word: string, handler: string): boolean {
  const norm = (x: string) => x.toLowerCase().replace(/[^a-z0-9]/g, '');
  const [a, b] = [norm(served), norm(word)];
  let common = 0;
  while (common < a.length && a[common] === b[common]) common++;
  return common >= 3 || (b.length >= 3 && norm(handler).includes(b));
}
