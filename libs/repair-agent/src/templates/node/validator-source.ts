import { replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { resolveFunction } from '../../node/resolve-function.js';
import { findJsRoute } from '../../recipes/node/route-match.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { linesOf, parseFile, spanOf, textOf, walk, type EsNode } from './estree.js';
import { propertyName } from './object-keys.js';

const ID = 'node.validator-source';
// Request parts a validation middleware may be told to read instead of the body.
const OTHER_PARTS = new Set(['query', 'params', 'headers']);

/**
 * A documented request refused 400 / 422 because the route's validation middleware reads another
 * part of the request than the one the body is sent in: `router.post('/', validate(schemas.create,
 * 'query'), …)` (a copy of the list route) checks `req.query`, which holds none of the body's
 * fields → the middleware reads `'body'`. The check stays: an invalid body is still refused.
 * Evidence, all required: the operation is expected to succeed, answered 400 or 422, documents a
 * JSON request body and no query parameter; the route serving it passes a project function called
 * with the string `'query'` (or `'params'`, `'headers'`), and that function reads the request
 * part its parameter names (`req[source]`).
 */
export const nodeValidatorSource: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'validate the request body where the route tells its validator to read another part',
  evidence: { kinds: ['status_mismatch'], contract: true },
  async *candidates({ cause, tree, operation, node: given }) {
    const refused = cause.violations.some(
      (v) => (v.actualStatus === 400 || v.actualStatus === 422) && (v.expectedStatus ?? 200) < 300,
    );
    if (!refused || !operation?.requestBody || operation.parameters.some((p) => p.in === 'query')) return;
    const project = given ?? nodeProjectFor(tree);
    const route = await findJsRoute(project, operation.endpoint);
    const source = route?.call ? await tree.read(route.file) : null;
    const program = source === null || !route ? null : parseFile(route.file, source);
    if (!route?.call || !program || source === null) return;
    for (const { node } of walk(program)) {
      if (node.type !== 'CallExpression' || linesOf(node)[0] !== route.call.line) continue;
      if (propertyName(node['callee'] as EsNode) !== route.call.method) continue;
      for (const middleware of (node['arguments'] as EsNode[]).slice(1)) {
        const part = partArgument(middleware);
        if (!part) continue;
        const validator = await resolveFunction(project, route.file, textOf(source, middleware['callee'] as EsNode));
        const param = validator?.fn.params[part.index];
        const text = validator ? await tree.read(validator.file) : null;
        if (!validator || !param || text === null) continue;
        // The validator reads the request part its parameter names: `req[source]`.
        const body = text.slice(validator.fn.start, validator.fn.end);
        if (!new RegExp(`\\[\\s*${param}\\s*\\]`).test(body)) continue;
        const [start, end] = spanOf(part.literal);
        const quote = source[start] ?? "'";
        await tree.write(route.file, replaceRange(source, start, end, `${quote}body${quote}`));
        const line = linesOf(part.literal)[0];
        yield {
          key: siteKey(ID, route.file, line),
          summary: `validate req.body, not req.${part.value}, for ${operation.endpoint} (${route.file}:${line})`,
          template: { recipe: ID },
        };
        return;
      }
    }
  },
};

// `validate(schema, 'query')`: a call by name with one string argument naming another request part.
function partArgument(middleware: EsNode): { literal: EsNode; index: number; value: string } | undefined {
  if (middleware.type !== 'CallExpression') return undefined;
  const callee = middleware['callee'] as EsNode;
  if (callee.type !== 'Identifier' && propertyName(callee) === null) return undefined;
  const args = middleware['arguments'] as EsNode[];
  const index = args.findIndex((a) => a.type === 'Literal' && OTHER_PARTS.has(a['value'] as string));
  const literal = args[index];
  return literal ? { literal, index, value: literal['value'] as string } : undefined;
}
