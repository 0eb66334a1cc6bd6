import { replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { findJsRoute } from '../../recipes/node/route-match.js';
import { typesOf } from '../python/contract-schema.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { linesOf, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { handlerNode } from './handler-node.js';
import { mistypedNumberFields } from './schema-field.js';

const ID = 'node.query-number-read';

/**
 * A query string is text: `const page = req.query.page ?? 1` holds `'2'`, so the arithmetic on it
 * concatenates (`start + pageSize` is `'22'`, a wrong slice) and the 2xx echoes a string where the
 * contract documents a number (`/page must be integer`) → `Number(req.query.page ?? 1)`, the
 * checks after it kept (a bad value is NaN, which they refuse). Only in the route's handler, for a
 * local named like a field the violations say must be a number, read from a query parameter the
 * contract documents as integer/number (alone or with a `??`/`||` default); a read already
 * converted, or of an undocumented or string parameter, gets nothing.
 */
export const nodeQueryNumberRead: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'convert a numeric query parameter the handler reads as text',
  evidence: { kinds: ['schema_mismatch'], contract: true },
  async *candidates({ cause, tree, node: given, operation }) {
    const fields = mistypedNumberFields(cause);
    if (!operation || fields.size === 0) return;
    const numeric = new Set(
      operation.parameters
        .filter((p) => p.in === 'query' && typeof p.schema === 'object')
        .filter((p) => typesOf(p.schema as Record<string, unknown>).some((t) => t === 'integer' || t === 'number'))
        .map((p) => p.name),
    );
    if (numeric.size === 0) return;
    const route = await findJsRoute(given ?? nodeProjectFor(tree), operation.endpoint);
    const found = route ? await handlerNode(tree, route) : null;
    if (!found) return;
    const request = requestName(found.fn);
    if (!request) return;
    const edits: { start: number; end: number; text: string; line: number; name: string }[] = [];
    for (const { node } of walk(found.fn)) {
      if (node.type !== 'VariableDeclarator' || (node['id'] as EsNode).type !== 'Identifier' || !node['init']) continue;
      const local = (node['id'] as EsNode)['name'] as string;
      const init = node['init'] as EsNode;
      const param = queryParam(init, `${request}.query`);
      if (!param || !numeric.has(param) || !(fields.has(local) || fields.has(param))) continue;
      const [start, end] = spanOf(init);
      edits.push({ start, end, text: `Number(${textOf(found.source, init)})`, line: linesOf(node)[0], name: param });
    }
    if (edits.length === 0) return;
    let patched = found.source;
    for (const e of [...edits].reverse()) patched = replaceRange(patched, e.start, e.end, e.text);
    await tree.write(found.file, patched);
    yield {
      key: siteKey(ID, found.file, edits[0]!.line),
      summary:
        `read the numeric query parameters ${edits.map((e) => e.name).join(', ')} as numbers ` +
        `(${found.file}:${edits[0]!.line})`,
      template: { recipe: ID },
    };
  },
};

// The handler's request parameter: its first, when an identifier (`req`, `request`).
function requestName(fn: EsNode): string | null {
  const first = (fn['params'] as EsNode[])[0];
  return first?.type === 'Identifier' ? (first['name'] as string) : null;
}

// `req.query.page`, `req.query.page ?? 1` or `req.query.page || 1`: the parameter read, else null.
function queryParam(init: EsNode, query: string): string | null {
  const read =
    init.type === 'LogicalExpression' && ['??', '||'].includes(init['operator'] as string)
      ? (init['left'] as EsNode)
      : init;
  const path = pathOf(read);
  return path?.startsWith(`${query}.`) && path.split('.').length === query.split('.').length + 1
    ? path.slice(query.length + 1)
    : null;
}
