import { endpointShape, routeShape, routeTable } from '../../node/js-routes.js';
import { nodeProjectFor, type NodeProject } from '../../node/node-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate, TemplateCandidate } from '../template.js';
import { holdsSegment, renumbered, routePathSlip, spellingSlip } from '../shared/route-path-slip.js';

const ID = 'node.route-prefix';

/**
 * Documented routes answer 404 while their router is served at a path one slip away
 * (route-path-slip.ts):
 * - its prefix twice: mounted at `/trail-conditions` and registering
 *   `router.get('/trail-conditions/:id', …)` itself, so it serves
 *   `/trail-conditions/trail-conditions/:id` → its routes drop the prefix their mount gives
 *   (`'/trail-conditions/:id'` → `'/:id'`, `'/trail-conditions'` → `'/'`). Every route of that
 *   router that repeats the prefix is rewritten; a router none of whose routes does: none.
 * - a mount's prefix in the wrong number (`api.use('/yard', yards)` for documented `/yards`) or
 *   another case style (`app.use('/api/rackSlots', …)` for documented `/api/rack-slots`) → the
 *   segment the contract names, only when one mount literal of the project holds it and no route
 *   of the router writes it itself.
 * The 404 may be the app's own not-found handler's (a status mismatch): only when no route serves
 * the documented path with its method.
 */
export const nodeRoutePrefix: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: "drop the mount's prefix a router's own routes repeat",
  evidence: { kinds: ['route_missing', 'status_mismatch'] },
  async *candidates({ cause, tree, node: given }) {
    const routes = await routeTable(given ?? nodeProjectFor(tree));
    const done = new Set<string>();
    const endpoints =
      cause.kind === 'route_missing'
        ? cause.endpoints
        : [...new Set(cause.violations.filter((v) => v.actualStatus === 404).map((v) => v.endpoint))];
    for (const endpoint of endpoints) {
      const wanted = endpointShape(endpoint);
      if (!wanted) continue;
      const serves = (r: (typeof routes)[number]) =>
        r.path !== null && (r.method === wanted.method || r.method === 'all') && routeShape(r.path) === wanted.shape;
      if (routes.some(serves)) continue;
      for (const route of routes) {
        if (!route.path || !route.call || (route.method !== wanted.method && route.method !== 'all')) continue;
        const served = routeShape(route.path);
        const slip = routePathSlip(served, wanted.shape) ?? spellingSlip(served, wanted.shape);
        const owner = `${route.owner.file}#${route.owner.name}`;
        if ((slip?.kind === 'number' || slip?.kind === 'spelling') && !done.has(owner)) {
          done.add(owner);
          const own = routes.some(
            (r) =>
              r.owner.file === route.owner.file &&
              r.owner.name === route.owner.name &&
              holdsSegment(r.localPath, slip.served),
          );
          const fixed = own ? null : await renameMountSegment(given ?? nodeProjectFor(tree), tree, slip);
          if (fixed) yield fixed;
          continue;
        }
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

// The one mount literal holding `served` as a segment gets `documented` instead; null when none or several.
async function renameMountSegment(
  project: NodeProject,
  tree: SourceTree,
  slip: { readonly kind: 'number' | 'spelling'; readonly served: string; readonly documented: string },
): Promise<TemplateCandidate | null> {
  const holding: { file: string; line: number; prefix: string }[] = [];
  for (const [file, module] of await project.modules())
    for (const mount of module.mounts)
      if (mount.prefix !== null && holdsSegment(mount.prefix, slip.served))
        holding.push({ file, line: mount.line, prefix: mount.prefix });
  if (holding.length !== 1) return null;
  const { file, line, prefix } = holding[0]!;
  const source = await tree.read(file);
  if (source === null) return null;
  const lines = source.split('\n');
  const text = lines[line - 1] ?? '';
  const fixed = renumbered(prefix, slip);
  const quoted = new RegExp(`(['"\`])${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1`);
  // A prefix named by a constant is not on the mount's line: no candidate rather than a guess.
  if (!quoted.test(text)) return null;
  lines[line - 1] = text.replace(quoted, (_m, q: string) => `${q}${fixed}${q}`);
  await tree.write(file, lines.join('\n'));
  return {
    key: `${ID}#${slip.kind}`,
    summary: `mount at '${fixed}' for '${prefix}' (${file}:${line}): the documented path says ${slip.documented}`,
    template: { recipe: `${ID}#${slip.kind}` },
  };
}
