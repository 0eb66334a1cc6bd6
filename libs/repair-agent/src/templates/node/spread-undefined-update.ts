import { replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { resolveFunction } from '../../node/resolve-function.js';
import { findJsRoute } from '../../recipes/node/route-match.js';
import { objectShape } from '../python/contract-schema.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, spanOf, textOf, walk, type EsNode } from './estree.js';
import { handlerNode } from './handler-node.js';

const ID = 'node.spread-undefined-update';

/**
 * A documented update (PATCH/PUT) answering 5xx because its handler hands the service a literal
 * of the optional request fields (`updateJob(id, { status, labourHours })`), each one a client may
 * leave out, and the service merges it over the stored record with a spread (`{ ...job, ...changes
 * }`): a key present with the value `undefined` overrides the stored value, and the next write
 * binds undefined (sql.js: `tried to bind a value of an unknown type (undefined)`, a NOT NULL
 * column; sql.js throws a string, so there may be no trace: the route leads to the code). → the
 * spread takes only the keys that are set:
 * `...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined))`; a
 * field left out keeps its stored value, one sent is written. Only where the literal holds a
 * documented optional body property and the spread object is the parameter it is handed as, and
 * spreads over something before it.
 */
export const nodeSpreadUndefinedUpdate: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'an update spread takes only the fields the request set, not undefined over stored values',
  evidence: { kinds: ['runtime_error', 'crash'], contract: true },
  async *candidates({ tree, operation, node: given }) {
    const body = objectShape(operation?.requestBody?.schema);
    if (!body || !operation || !/^(?:patch|put)$/i.test(operation.method)) return;
    const optional = Object.keys(body.properties).filter((p) => !body.required.includes(p));
    const project = given ?? nodeProjectFor(tree);
    const route = await findJsRoute(project, operation.endpoint);
    const handler = route ? await handlerNode(tree, route) : null;
    if (!route?.handler || !handler) return;
    const nodes = [...walk(handler.fn)].map((w) => w.node);
    for (const call of route.handler.calls) {
      // The argument a literal of optional request fields: `{ status, labourHours }`.
      const at = call.args.findIndex((a) => {
        const literal = nodes.find((n) => n.type === 'ObjectExpression' && spanOf(n)[0] === a.start);
        return literal !== undefined && literalKeys(literal).some((k) => optional.includes(k));
      });
      if (at < 0) continue;
      const ref = call.object ? `${call.object.replace(/\?$/, '')}.${call.name}` : call.name;
      const target = await resolveFunction(project, handler.file, ref);
      const param = target?.fn.params[at];
      const source = target ? await tree.read(target.file) : null;
      const program = target && source !== null ? parseFile(target.file, source) : null;
      const fn = program && [...walk(program)].map((w) => w.node).find((n) => spanOf(n)[0] === target!.fn.start);
      if (!fn || !param || source === null) continue;
      const spread = [...walk(fn)].map((w) => mergesOver(w.node, param)).find((n) => n !== null);
      if (!spread) continue;
      const [start, end] = spanOf(spread);
      const entries = `Object.entries(${textOf(source, spread)})`;
      const set = `Object.fromEntries(${entries}.filter(([, value]) => value !== undefined))`;
      await tree.write(target!.file, replaceRange(source, start, end, set));
      const line = linesOf(spread)[0];
      yield {
        key: siteKey(ID, target!.file, line),
        summary:
          `spread only the fields of ${param} that are set, so an unsent one (undefined) keeps the stored ` +
          `value (${target!.file}:${line})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

function literalKeys(literal: EsNode): string[] {
  return (literal['properties'] as EsNode[])
    .filter((p) => p.type === 'Property' && !p['computed'])
    .map((p) => keyName(p['key'] as EsNode))
    .filter((k): k is string => k !== null);
}

// `{ ...stored, ...param }` (the parameter spread over another spread before it): the `param` node.
function mergesOver(node: EsNode, param: string): EsNode | null {
  if (node.type !== 'ObjectExpression') return null;
  const properties = node['properties'] as EsNode[];
  const index = properties.findIndex(
    (p) =>
      p.type === 'SpreadElement' &&
      (p['argument'] as EsNode).type === 'Identifier' &&
      (p['argument'] as EsNode)['name'] === param,
  );
  const before = properties.slice(0, index).some((p) => p.type === 'SpreadElement');
  return index > 0 && before ? (properties[index]!['argument'] as EsNode) : null;
}
