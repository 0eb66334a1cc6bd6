import { handlerNode } from './handler-node.js';
import { replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { findJsRoute } from '../../recipes/node/route-match.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { linesOf, spanOf, walk, type EsNode } from './estree.js';
import { propertyName } from './object-keys.js';

const ID = 'node.send-status-chained';
const SENDERS = new Set(['json', 'send', 'jsonp']);

/**
 * `res.sendStatus(201).json(piece)`: `sendStatus` sends the status's own text ("Created") and
 * ends the response, so the body that follows never goes out (Express then logs
 * ERR_HTTP_HEADERS_SENT) → `res.status(201).json(piece)`, which sets the status and sends the
 * body. Only where the handler of the failing endpoint chains a send onto `sendStatus` of its
 * own response object: that chain is a bug whatever the request.
 */
export const nodeSendStatusChained: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'res.sendStatus(n).json(x) → res.status(n).json(x)',
  evidence: { kinds: ['schema_mismatch', 'status_mismatch', 'runtime_error'] },
  async *candidates({ cause, tree, node: given }) {
    const project = given ?? nodeProjectFor(tree);
    const seen = new Set<string>();
    for (const endpoint of new Set(cause.violations.map((v) => v.endpoint))) {
      const route = await findJsRoute(project, endpoint);
      const handler = route?.handler;
      const response = handler?.params[1];
      if (!route || !handler || !response) continue;
      const found = await handlerNode(tree, route);
      if (!found) continue;
      const { file, source, fn } = found;
      for (const { node } of walk(fn)) {
        const status = chainedSendStatus(node, response);
        if (!status || seen.has(`${file}:${spanOf(status)[0]}`)) continue;
        seen.add(`${file}:${spanOf(status)[0]}`);
        const [start, end] = spanOf(status);
        await tree.write(file, replaceRange(source, start, end, 'status'));
        yield {
          key: siteKey(ID, file, linesOf(status)[0]),
          summary:
            `status(…) instead of sendStatus(…), which ends the response before the body chained ` +
            `after it (${file}:${linesOf(status)[0]})`,
          template: { recipe: ID },
        };
      }
    }
  },
};

// The `sendStatus` property node of `res.sendStatus(n).json(x)` (`res` the handler's response).
function chainedSendStatus(node: EsNode, response: string): EsNode | null {
  if (node.type !== 'CallExpression') return null;
  const callee = node['callee'] as EsNode;
  if (callee.type !== 'MemberExpression' || !SENDERS.has(propertyName(callee) ?? '')) return null;
  const inner = callee['object'] as EsNode;
  if (inner.type !== 'CallExpression') return null;
  const sendStatus = inner['callee'] as EsNode;
  if (sendStatus.type !== 'MemberExpression' || propertyName(sendStatus) !== 'sendStatus') return null;
  const owner = sendStatus['object'] as EsNode;
  return owner.type === 'Identifier' && owner['name'] === response ? (sendStatus['property'] as EsNode) : null;
}
