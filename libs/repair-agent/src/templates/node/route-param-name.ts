import { replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { findJsRoute } from '../../recipes/node/route-match.js';
import { nodeUnmountedRouter } from '../../recipes/node/unmounted-router.js';
import { closestName } from '../../similarity.js';
import type { RootCauseKind } from '../../types.js';
import type { RepairTemplate } from '../template.js';

const ID = 'node.route-param-name';
const NOT_FOUND: readonly RootCauseKind[] = ['route_missing', 'status_mismatch'];
const REFUSALS = [400, 404, 422];

/**
 * A handler reads a route parameter the route does not declare (`router.get('/:projectId', …)`
 * reading `req.params.id`: undefined, so the lookup misses and the code fails, or answers its own
 * 404 — `Task undefined not found` — or its own 400 on a documented route that is mounted) → read the declared
 * one: the only declared parameter the handler does not read, or the closest in name. A failure
 * with a trace must lie in that handler (the culprit or a frame of the trace); a 404 without one
 * must come from a route the app serves. Documented 404s are grouped into one root cause: the
 * routes of it no router serves yet are mounted in the same candidate (node.unmounted-router).
 */
export const nodeRouteParamName: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'read the route parameter the route declares',
  evidence: { kinds: ['runtime_error', 'crash', ...NOT_FOUND] },
  async *candidates(context) {
    const { cause, culprit, tree, node: given } = context;
    const node = given ?? nodeProjectFor(tree);
    const notFound = NOT_FOUND.includes(cause.kind);
    if (!notFound && !culprit) return;
    const fixed: { from: string; to: string; where: string }[] = [];
    const unserved: string[] = [];
    for (const endpoint of cause.endpoints) {
      const route = await findJsRoute(node, endpoint);
      if (!route) {
        unserved.push(endpoint);
        continue;
      }
      const handler = route.handler;
      const request = handler?.params[0];
      if (!route.path || !handler || !request) continue;
      const file = route.handlerFile ?? route.file;
      const inHandler = (f: string, line: number) => f === file && handler.line <= line && line <= handler.endLine;
      const frames = (cause.trace?.frames ?? []).filter((f) => f.inApp);
      if (notFound) {
        // Its own answer refused the request: the 404 of a missed lookup, or the 400/422 of a check
        // on the undefined parameter (`riderId must be a positive integer`).
        if (!cause.violations.some((v) => v.endpoint === endpoint && REFUSALS.includes(v.actualStatus ?? 0))) continue;
      } else if (
        !inHandler(culprit!.file, culprit!.line) &&
        !frames.some((f) => f.file.endsWith(`/${file}`) && inHandler(file, f.line))
      )
        continue;
      const source = await tree.read(file);
      if (source === null) continue;
      const declared = [...route.path.matchAll(/:([A-Za-z_$][\w$]*)/g)].map((m) => m[1]!);
      const reads = paramReads(source, handler.bodyStart, handler.end, request);
      const undeclared = reads.filter((r) => !declared.includes(r.name));
      const unread = declared.filter((d) => !reads.some((r) => r.name === d));
      const wrong = [...new Set(undeclared.map((r) => r.name))];
      // The one declared parameter read elsewhere too (`Smith ${req.params.smithId} not found` in the
      // message) while the lookup reads `req.params.id`: the id it names (`smithId`, `smith_id`).
      const named = unread.length === 0 && wrong[0] === 'id' ? declared.filter((d) => /(?:Id|_id)$/.test(d)) : [];
      if (wrong.length !== 1 || (unread.length === 0 && named.length !== 1)) continue;
      const target = named.length === 1 ? named[0]! : unread.length === 1 ? unread[0]! : closestName(wrong[0]!, unread);
      if (!target) continue;
      let updated = source;
      for (const read of undeclared.sort((a, b) => b.start - a.start)) {
        // `{ id }` keeps its local name: `{ projectId: id }`.
        updated = replaceRange(updated, read.start, read.end, read.shorthand ? `${target}: ${read.name}` : target);
      }
      await tree.write(file, updated);
      fixed.push({
        from: wrong[0]!,
        to: target,
        where: `${request}.params.${target} instead of ${wrong[0]} (${file}:${handler.line})`,
      });
      if (!notFound) break;
    }
    if (fixed.length === 0) return;
    // The other documented 404s of the cause: routes no router serves, mounted as well.
    const mounted =
      notFound && unserved.length > 0
        ? await nodeUnmountedRouter.apply({
            ...context,
            node,
            cause: {
              ...cause,
              endpoints: unserved,
              violations: cause.violations.filter((v) => unserved.includes(v.endpoint)),
            },
          })
        : null;
    const summary = `read ${fixed.map((f) => f.where).join(', ')}${mounted ? `; ${mounted.summary}` : ''}`;
    const key = mounted ? `${ID}#mount` : ID;
    yield {
      key,
      summary,
      template: {
        recipe: key,
        renamed: fixed.map(({ from, to }) => ({ from, to })),
        ...(mounted ? { mounted: mounted.template } : {}),
      },
    };
  },
};

/** Where a handler reads `req.params`: `req.params.x`, `req.params['x']`, `const { x, y: z } = req.params`. */
export function paramReads(
  source: string,
  start: number,
  end: number,
  request: string,
): { name: string; start: number; end: number; shorthand: boolean }[] {
  const text = source.slice(start, end);
  const r = request.replace(/\$/g, '\\$');
  const out: { name: string; start: number; end: number; shorthand: boolean }[] = [];
  for (const m of text.matchAll(
    new RegExp(`\\b${r}\\.params(?:\\.([A-Za-z_$][\\w$]*)|\\[\\s*(['"])([^'"]+)\\2\\s*\\])`, 'gd'),
  )) {
    const group = m[1] !== undefined ? 1 : 3;
    const [s, e] = m.indices![group]!;
    out.push({ name: m[group]!, start: start + s, end: start + e, shorthand: false });
  }
  for (const m of text.matchAll(new RegExp(`\\{([^{}]*)\\}\\s*=\\s*${r}\\.params\\b`, 'gd'))) {
    const inner = m[1]!;
    const base = start + m.indices![1]![0];
    for (const p of inner.matchAll(/([A-Za-z_$][\w$]*)\s*(:\s*[A-Za-z_$][\w$]*)?(?:\s*=[^,]*)?/g)) {
      out.push({
        name: p[1]!,
        start: base + p.index,
        end: base + p.index + p[1]!.length,
        shorthand: p[2] === undefined,
      });
    }
  }
  return out;
}
