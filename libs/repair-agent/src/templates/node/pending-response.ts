import { handlerNode } from './handler-node.js';
import { replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { findJsRoute } from '../../recipes/node/route-match.js';
import type { RepairTemplate } from '../template.js';
import { pathOf, spanOf, walk, type EsNode } from './estree.js';

const ID = 'node.pending-response';
const SENDERS = new Set(['json', 'send']);

/**
 * A handler sends a Promise: `const log = service.record(…)` without `await`, then
 * `res.status(201).json(log)` — JSON makes the Promise `{}`, so a 2xx arrives with every required
 * field missing and no trace; or `res.status(201).json(service.create(body))`, the call sent straight
 * away → await the call whose result is sent, when it is a call of the
 * project's own async function and the handler is `async`. The body must be exactly `{}`: a body
 * with data is some other bug, and a pending call whose result is not sent is left alone.
 */
export const nodePendingResponse: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'await the async call whose Promise a handler sends as its body',
  evidence: { kinds: ['schema_mismatch'], contract: true },
  async *candidates({ cause, tree, node: given }) {
    const project = given ?? nodeProjectFor(tree);
    const asyncNames = await project.asyncNames();
    for (const violation of cause.violations) {
      if (violation.responseExcerpt.trim() !== '{}' || violation.actualStatus === null || violation.actualStatus >= 300)
        continue;
      const route = await findJsRoute(project, violation.endpoint);
      const handler = route?.handler;
      const response = handler?.params[1];
      if (!route || !handler?.async || !response) continue;
      const found = await handlerNode(tree, route);
      if (!found) continue;
      const { file, source, fn } = found;
      const sent = sentNames(fn, response);
      const pending = handler.calls.filter(
        (c) =>
          !c.awaited &&
          ((c.assignedTo !== undefined && sent.names.has(c.assignedTo)) || sent.calls.has(c.start)) &&
          asyncNames.has(c.name) &&
          !/\bawait\s*$/.test(source.slice(0, c.start)),
      );
      if (pending.length !== 1) continue;
      const call = pending[0]!;
      await tree.write(file, replaceRange(source, call.start, call.start, 'await '));
      yield {
        key: ID,
        summary: `await ${call.text}(...) whose result ${violation.endpoint} sends (${file}:${call.line})`,
        template: { recipe: ID, callee: call.name },
      };
      return;
    }
  },
};

// The variables a handler sends as its body (`res.json(x)`, `res.status(201).json(x)`, `res.send(x)`),
// and the offsets of the calls it sends straight away (`res.status(201).json(service.create(body))`).
function sentNames(fn: EsNode, response: string): { names: Set<string>; calls: Set<number> } {
  const out = new Set<string>();
  const calls = new Set<number>();
  for (const { node } of walk(fn)) {
    if (node.type !== 'CallExpression') continue;
    const callee = node['callee'] as EsNode;
    const property = callee['property'] as EsNode | undefined;
    if (
      callee.type !== 'MemberExpression' ||
      property?.type !== 'Identifier' ||
      !SENDERS.has(property['name'] as string)
    )
      continue;
    if (rootOf(callee['object'] as EsNode) !== response) continue;
    const arg = (node['arguments'] as EsNode[])[0];
    if (arg?.type === 'Identifier') out.add(arg['name'] as string);
    if (arg?.type === 'CallExpression') calls.add(spanOf(arg)[0]);
  }
  return { names: out, calls };
}

// `res` of `res`, `res.status(201)`, `res.status(201).type('json')`.
function rootOf(node: EsNode): string | null {
  if (node.type === 'CallExpression') {
    const callee = node['callee'] as EsNode;
    return callee.type === 'MemberExpression' ? rootOf(callee['object'] as EsNode) : null;
  }
  return pathOf(node)?.split('.')[0] ?? null;
}
