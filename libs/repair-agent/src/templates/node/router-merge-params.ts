import { lineText, offsetOf, replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { findJsRoute } from '../../recipes/node/route-match.js';
import type { RepairTemplate } from '../template.js';
import { paramReads } from './route-param-name.js';

const ID = 'node.router-merge-params';

/**
 * An Express router mounted under a path with parameters (`app.use('/projects/:projectId/tasks',
 * tasks)`) whose handler reads one of them (`req.params.projectId`), but the router was made
 * without `mergeParams`: the parameter is undefined in it, so the lookup misses → make it with
 * `Router({ mergeParams: true })`. A read through a local holding `req.params` counts too
 * (`const params = req.params as { projectId?: string }` … `params.projectId`).
 */
export const nodeRouterMergeParams: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: "let a nested Express router see its mount path's parameters (mergeParams)",
  evidence: { kinds: ['runtime_error', 'crash', 'route_missing', 'status_mismatch'] },
  async *candidates({ cause, tree, node: given }) {
    const node = given ?? nodeProjectFor(tree);
    for (const endpoint of cause.endpoints) {
      const route = await findJsRoute(node, endpoint);
      const handler = route?.handler;
      const request = handler?.params[0];
      if (!route?.path || !handler || !request || route.owner.kind !== 'router' || route.owner.prefix === null)
        continue;
      const handlerSource = await tree.read(route.handlerFile ?? route.file);
      if (handlerSource === null) continue;
      const local = new Set([...route.localPath.matchAll(/:([A-Za-z_$][\w$]*)/g)].map((m) => m[1]!));
      const inherited = new Set([...route.owner.prefix.matchAll(/:([A-Za-z_$][\w$]*)/g)].map((m) => m[1]!));
      const reads = [
        ...paramReads(handlerSource, handler.bodyStart, handler.end, request).map((r) => r.name),
        ...aliasReads(handlerSource.slice(handler.bodyStart, handler.end), request),
      ];
      if (!reads.some((name) => inherited.has(name) && !local.has(name))) continue;
      const module = (await node.modules()).get(route.owner.file);
      const def = module?.defs.find((d) => d.name === route.owner.name && /(^|\.)Router$/.test(d.calls ?? ''));
      const source = await tree.read(route.owner.file);
      if (!def || source === null) continue;
      const text = lineText(source, def.line);
      const call = /\bRouter\(\s*(\{[^}]*\})?\s*\)/.exec(text);
      if (!call || /mergeParams/.test(call[0])) continue;
      const start = offsetOf(source, def.line) + call.index;
      const options = call[1] ? call[1].replace(/^\{\s*/, '{ mergeParams: true, ') : '{ mergeParams: true }';
      await tree.write(route.owner.file, replaceRange(source, start, start + call[0].length, `Router(${options})`));
      yield {
        key: ID,
        summary: `make ${route.owner.name} with mergeParams (${route.owner.file}:${def.line})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

// The names read through a local that holds the whole `req.params` (`const p = req.params as {…}`):
// `p.name`, `p['name']`, `const { name } = p`.
function aliasReads(body: string, request: string): string[] {
  const r = request.replace(/\$/g, '\\$');
  const names: string[] = [];
  for (const m of body.matchAll(
    new RegExp(`\\b(?:const|let|var)\\s+([A-Za-z_$][\\w$]*)\\s*=\\s*${r}\\.params\\b(?!\\s*[.[])`, 'g'),
  )) {
    const alias = m[1]!.replace(/\$/g, '\\$');
    const rest = body.slice(m.index + m[0].length);
    for (const read of rest.matchAll(
      new RegExp(`(?<![\\w$.])${alias}(?:\\.([A-Za-z_$][\\w$]*)|\\[\\s*['"]([^'"]+)['"]\\s*\\])`, 'g'),
    ))
      names.push(read[1] ?? read[2]!);
    for (const d of rest.matchAll(new RegExp(`\\{([^{}]*)\\}\\s*=\\s*${alias}\\b`, 'g')))
      for (const p of d[1]!.matchAll(/([A-Za-z_$][\w$]*)\s*(?::\s*[A-Za-z_$][\w$]*)?(?:\s*=[^,]*)?/g))
        names.push(p[1]!);
  }
  return names;
}
