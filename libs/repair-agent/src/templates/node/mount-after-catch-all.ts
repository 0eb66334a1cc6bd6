import { replaceRange } from '../../node/js-edits.js';
import type { JsMount } from '../../node/js-module.js';
import { mountedBinding } from '../../node/mount-bindings.js';
import { nodeProjectFor, type NodeProject } from '../../node/node-project.js';
import { mountRole } from '../../recipes/node/mount-kind.js';
import { findJsRoute } from '../../recipes/node/route-match.js';
import { looksLikeNoRoute } from '../../route-404.js';
import type { SourceTree } from '../../source/source-tree.js';
import { siteKey, type RepairTemplate } from '../template.js';

const ID = 'node.mount-after-catch-all';

/**
 * A documented path answers the app's own "no route" 404 (`{"error":"Route GET /api/x not found"}`)
 * while the router serving it IS mounted, on the same app or router as a catch-all 404 handler
 * (`app.use(notFound)`, a handler of fewer than four parameters that answers 404) mounted before
 * it: Express runs middleware in order, so the catch-all answers every request the router would
 * have taken. Evidence: a 404 that reads as "no route matched" (route-404.ts) on a documented
 * endpoint the route table serves, and a catch-all mount on the same receiver, in the same file,
 * above the router's mount (or above the mount of a router that hosts it), whose prefix covers the
 * router's. Fix: the router's one-statement mount moves up, right before the first terminal handler
 * (the catch-all, or an error handler above it) — the catch-all stays, so unknown paths still answer
 * 404. Not when the router's mount comes before every catch-all (the 404 has another cause), a mount
 * made for a table's entries in a loop, or one that shares its line with other code.
 */
export const nodeMountAfterCatchAll: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'mount a router before the catch-all 404 handler that answers its documented paths first',
  evidence: { kinds: ['route_missing', 'status_mismatch'] },
  async *candidates({ cause, tree, node: given }) {
    const node = given ?? nodeProjectFor(tree);
    const moves = new Map<string, Move>();
    for (const violation of cause.violations) {
      if (violation.actualStatus !== 404 || violation.expectedStatus === 404 || !looksLikeNoRoute(violation)) continue;
      const route = await findJsRoute(node, violation.endpoint);
      if (!route) continue;
      // The router's own mount, or, when that one is in order, the mount of the router hosting it.
      let served: { file: string; name: string } | null = { file: route.owner.file, name: route.owner.name };
      for (let depth = 0; served && depth < 4; depth++) {
        const found = await mountOf(node, served);
        if (!found) break;
        const move = await moveOf(node, tree, found.file, found.mount);
        if (move) {
          moves.set(`${found.file}:${found.mount.start}`, move);
          break;
        }
        const host = (await node.modules()).get(found.file)?.defs.find((d) => d.name === found.mount.target);
        served = host && /(^|\.)Router$/.test(host.calls ?? '') ? { file: found.file, name: host.name } : null;
      }
    }
    if (moves.size === 0) return;
    const files = [...new Set([...moves.values()].map((m) => m.file))];
    for (const file of files) {
      const source = (await tree.read(file))!;
      // Every removal and insertion of the file, last first: the earlier offsets stay valid.
      const edits = [...moves.values()]
        .filter((m) => m.file === file)
        .flatMap((m) => [
          { at: m.start, end: m.end, text: '' },
          { at: m.at, end: m.at, text: m.text },
        ])
        .sort((a, b) => b.at - a.at);
      await tree.write(
        file,
        edits.reduce((text, e) => replaceRange(text, e.at, e.end, e.text), source),
      );
    }
    const first = [...moves.values()][0]!;
    yield {
      key: siteKey(ID, first.file, first.line),
      summary:
        [...moves.values()].map((m) => `move ${m.what} (${m.file}:${m.line}) above line ${m.catchAll}`).join(', ') +
        ': the catch-all 404 handler mounted there answered the documented paths first',
      template: { recipe: ID },
    };
  },
};

/** One mount statement to move: its lines (start..end), where it goes (at, a line start), its text there. */
interface Move {
  readonly file: string;
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly at: number;
  readonly text: string;
  readonly what: string;
  /** The catch-all's line. */
  readonly catchAll: number;
}

// The one mount of the project that mounts this router (a router mounted twice: no single one to move).
async function mountOf(
  node: NodeProject,
  owner: { file: string; name: string },
): Promise<{ file: string; mount: JsMount } | null> {
  const found: { file: string; mount: JsMount }[] = [];
  for (const [file, module] of await node.modules())
    for (const mount of module.mounts)
      for (const arg of mount.args) {
        const bound = await mountedBinding(node, file, arg);
        if (bound?.file === owner.file && bound.local === owner.name) found.push({ file, mount });
      }
  return found.length === 1 ? found[0]! : null;
}

async function moveOf(node: NodeProject, tree: SourceTree, file: string, mount: JsMount): Promise<Move | null> {
  const source = await tree.read(file);
  const module = (await node.modules()).get(file);
  if (source === null || !module || mount.entry || mount.kind !== 'use') return null;
  const above = module.mounts.filter((m) => m.target === mount.target && m.kind === 'use' && m.end <= mount.start);
  const roles = await Promise.all(above.map((m) => mountRole(node, tree, file, source, m)));
  const catchAll = above.find((m, i) => roles[i] === 'not-found' && covers(m.prefix, mount.prefix));
  if (!catchAll) return null;
  // Before the first terminal handler: an error handler above the catch-all must also see the router's errors.
  const anchor = above.find((m, i) => (roles[i] === 'not-found' || roles[i] === 'error') && m.start <= catchAll.start)!;
  const start = source.lastIndexOf('\n', mount.start - 1) + 1;
  const rest = /^[ \t]*;?[ \t]*(\/\/[^\n]*)?(\n|$)/.exec(source.slice(mount.end));
  if (!rest || source.slice(start, mount.start).trim() !== '') return null;
  const at = source.lastIndexOf('\n', anchor.start - 1) + 1;
  if (source.slice(at, anchor.start).trim() !== '') return null;
  const end = mount.end + rest[0].length;
  const statement = source.slice(mount.start, end).replace(/\n?$/, '\n');
  return {
    file,
    line: mount.line,
    start,
    end,
    at,
    text: `${source.slice(at, anchor.start)}${statement}`,
    what: source.slice(mount.start, mount.end),
    catchAll: catchAll.line,
  };
}

// A catch-all without a path (or at `*`) takes every request; one at a path, the requests under it.
function covers(catchAll: string | null, prefix: string | null): boolean {
  if (catchAll === null || ['/', '*', '/*', '(.*)'].includes(catchAll)) return true;
  const base = catchAll.replace(/\/+$/, '');
  return prefix !== null && (prefix === base || prefix.startsWith(`${base}/`));
}
