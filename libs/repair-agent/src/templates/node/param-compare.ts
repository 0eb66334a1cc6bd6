import { replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import type { RepairTemplate } from '../template.js';
import { pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { numericParamHandlers } from './numeric-path-params.js';

const ID = 'node.param-compare';

/**
 * A route parameter is always a string, so a handler comparing it strictly with a numeric id
 * (`all.find((r) => r.id === req.params.recipeId)`) never matches and answers its own 404 for a
 * record that exists → compare the number: `Number(req.params.recipeId)`, only when the contract
 * documents that path parameter as an integer or number and the 404 came from the handler of a
 * served route. A parameter documented as a string (a slug, a UUID) is left alone, and so is a
 * loose `==` (it already converts).
 */
export const nodeParamCompare: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'compare a numeric route parameter as a number, not as the string Express gives',
  evidence: { kinds: ['route_missing', 'status_mismatch'], contract: true },
  async *candidates({ cause, tree, node: given, contract }) {
    const project = given ?? nodeProjectFor(tree);
    for await (const { endpoint, request, numeric: numericParams, file, source, fn, line } of numericParamHandlers(
      cause,
      contract,
      project,
      tree,
    )) {
      const sides: EsNode[] = [];
      for (const { node } of walk(fn)) {
        if (node.type !== 'BinaryExpression' || (node['operator'] !== '===' && node['operator'] !== '!==')) continue;
        for (const side of [node['left'] as EsNode, node['right'] as EsNode]) {
          const path = pathOf(side);
          const name = path?.startsWith(`${request}.params.`) ? path.slice(request.length + 8) : null;
          if (name && numericParams.has(name)) sides.push(side);
        }
      }
      if (sides.length === 0) continue;
      let patched = source;
      for (const side of sides.sort((a, b) => spanOf(b)[0] - spanOf(a)[0])) {
        const [start, end] = spanOf(side);
        patched = replaceRange(patched, start, end, `Number(${source.slice(start, end)})`);
      }
      await tree.write(file, patched);
      yield {
        key: ID,
        summary: `compare Number(${textOf(source, sides[0]!)}) in the handler of ${endpoint} (${file}:${line})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};
