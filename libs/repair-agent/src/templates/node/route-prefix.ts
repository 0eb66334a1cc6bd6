import { endpointShape, routeShape, routeTable } from '../../node/js-routes.js';
import { nodeProjectFor } from '../../node/node-project.js';
import type { RepairTemplate } from '../template.js';
import { routePathSlip } from '../shared/route-path-slip.js';

const ID = 'node.route-prefix';

/**
 * Documented routes answer 404 while their router is served at its prefix twice: mounted at
 * `/trail-conditions` and registering `router.get('/trail-conditions/:id', …)` itself, so it
 * serves `/trail-conditions/trail-conditions/:id` → its routes drop the prefix their mount gives
 * (`'/trail-conditions/:id'` → `'/:id'`, `'/trail-conditions'` → `'/'`). Every route of that
 * router that repeats the prefix is rewritten; a router none of whose routes does: none.
 */
export const nodeRoutePrefix: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: "drop the mount's prefix a router's own routes repeat",
  evidence: { kinds: ['route_missing'] },
  async *candidates({ cause, tree, node: given }) {
    const routes = await routeTable(given ?? nodeProjectFor(tree));
    const done = new Set<string>();
    for (const endpoint of cause.endpoints) {
      const wanted = endpointShape(endpoint);
      if (!wanted) continue;
      for (const route of routes) {
        if (!route.path || !route.call || (route.method !== wanted.method && route.method !== 'all')) continue;
        const slip = routePathSlip(routeShape(route.path), wanted.shape);
        const owner = `${route.owner.file}#${route.owner.name}`;
        if (slip?.kind !== 'doubled' || done.has(owner) || !route.localPath.startsWith(slip.prefix)) continue;
        done.add(owner);
        const source = await tree.read(route.owner.file);
        if (source === null) continue;
        const lines = source.split('\n');
        const esc = slip.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const literal = new RegExp(`(['"\`])${esc}(/[^'"\`]*)?\\1`);
        let changed = 0;
        for (const r of routes) {
          if (r.owner.file !== route.owner.file || r.owner.name !== route.owner.name || !r.call) continue;
          if (!r.localPath.startsWith(slip.prefix)) continue;
          const at = r.call.line - 1;
          const next = lines[at]?.replace(literal, (_m, q: string, rest?: string) => `${q}${rest || '/'}${q}`);
          if (next === undefined || next === lines[at]) continue;
          lines[at] = next;
          changed++;
        }
        if (changed === 0) continue;
        await tree.write(route.owner.file, lines.join('\n'));
        yield {
          key: ID,
          summary:
            `drop ${slip.prefix} from the ${changed} route(s) of ${route.owner.name} (${route.owner.file}): ` +
            'its mount gives it',
          template: { recipe: ID },
        };
      }
    }
  },
};
