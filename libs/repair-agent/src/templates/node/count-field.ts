import { lineText, replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { findJsRoute } from '../../recipes/node/route-match.js';
import type { RepairTemplate } from '../template.js';
import { objectShape, successSchema, typesOf } from '../python/contract-schema.js';
import { keyName, parseFile, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';

const ID = 'node.count-field';

/**
 * A response schema's `parse` refuses what a handler sends (`send(res, 200, TeamDetail, { ...team,
 * bookings })` throws from `schema.parse(data)`) because a required count the contract documents
 * (`memberCount`, `member_count`: an integer) is not in the literal, while the list it counts is
 * (`members`, documented as an array of the same response, as a key or through the one spread
 * object) → the count added: `memberCount: team.members.length`. Only at a culprit line that
 * parses (a response validation) and for the literal the route's handler sends with the response.
 */
export const nodeCountField: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'send a documented required count (xCount) as the length of the list it counts',
  evidence: { kinds: ['runtime_error'], culprit: true, contract: true },
  async *candidates({ cause, culprit, tree, node: given, operation }) {
    const shape = mergedShape(successSchema(operation));
    const failing = culprit ? await tree.read(culprit.file) : null;
    if (!culprit || !shape || failing === null || !/\.parse\(/.test(lineText(failing, culprit.line))) return;
    const route = (await Promise.all(cause.endpoints.map((e) => findJsRoute(given ?? nodeProjectFor(tree), e)))).find(
      (r) => r?.handler,
    );
    const file = route ? (route.handlerFile ?? route.file) : null;
    const source = file ? await tree.read(file) : null;
    const program = file && source !== null ? parseFile(file, source) : null;
    const response = route?.handler?.params[1];
    if (!route?.handler || !file || !program || source === null || !response) return;
    for (const { node, ancestors } of walk(program)) {
      const call = ancestors.at(-1);
      if (
        node.type !== 'ObjectExpression' ||
        call?.type !== 'CallExpression' ||
        !sentWith(source, call, response) ||
        !within(node, route.handler)
      )
        continue;
      const properties = node['properties'] as EsNode[];
      const keys = new Map(
        properties
          .filter((p) => p.type === 'Property' && !p['computed'])
          .map((p) => [keyName(p['key'] as EsNode) ?? '', p['value'] as EsNode]),
      );
      const spreads = properties.filter((p) => p.type === 'SpreadElement').map((p) => pathOf(p['argument'] as EsNode));
      for (const field of shape.required) {
        const counted = /^(\w+?)(?:Count|_count)$/.exec(field)?.[1];
        if (!counted || keys.has(field) || !typesOf(shape.properties[field] ?? {}).includes('integer')) continue;
        const list = [`${counted}s`, `${counted}es`].find((name) =>
          typesOf(shape.properties[name] ?? {}).includes('array'),
        );
        const explicit = list ? keys.get(list) : undefined;
        const from = explicit ? pathOf(explicit) : spreads.length === 1 && spreads[0] ? `${spreads[0]}.${list}` : null;
        if (!list || !from) continue;
        const last = properties.at(-1)!;
        const end = spanOf(last)[1];
        await tree.write(file, replaceRange(source, end, end, `, ${field}: ${from}.length`));
        yield { key: ID, summary: `send ${field} as ${from}.length (${file})`, template: { recipe: ID, field } };
        return;
      }
    }
  },
};

// `send(res, 200, Schema, {…})`, `res.json({…})`, `res.status(200).json({…})`.
function sentWith(source: string, call: EsNode, response: string): boolean {
  const args = call['arguments'] as EsNode[];
  if (args.some((a) => a.type === 'Identifier' && a['name'] === response)) return true;
  const callee = call['callee'] as EsNode;
  const method =
    callee.type === 'MemberExpression' ? ((callee['property'] as EsNode)['name'] as string | undefined) : undefined;
  return (method === 'json' || method === 'send') && textOf(source, callee).startsWith(`${response}.`);
}

function within(node: EsNode, fn: { start: number; end: number }): boolean {
  const [start, end] = spanOf(node);
  return fn.start <= start && end <= fn.end;
}

// An object schema's properties and required names, `allOf` members merged (`Team` + its counts).
function mergedShape(
  schema: Record<string, unknown> | null,
): { properties: Record<string, Record<string, unknown>>; required: string[] } | null {
  const members = Array.isArray(schema?.['allOf']) ? (schema!['allOf'] as Record<string, unknown>[]) : [];
  if (members.length < 2) return objectShape(schema);
  const shapes = members.map((m) => mergedShape(m)).filter((m) => m !== null);
  return {
    properties: Object.assign({}, ...shapes.map((m) => m.properties)),
    required: shapes.flatMap((m) => m.required),
  };
}
