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
 * `Router({ mergeParams: true })`.
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
      const reads = paramReads(handlerSource, handler.bodyStart, handler.end, request);
      if (!reads.some((r) => inherited.has(r.name) && !local.has(r.name))) continue;
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
