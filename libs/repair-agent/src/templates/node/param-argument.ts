import { replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import type { RepairTemplate } from '../template.js';
import { keyName, pathOf, spanOf, walk, type EsNode } from './estree.js';
import { numericParamHandlers } from './numeric-path-params.js';
import { parserCall, projectParser } from './param-cast.js';
import { retypeStringParams, type NumberArgument } from './retype-string-params.js';

const ID = 'node.param-argument';

/**
 * A handler hands a route parameter straight to the lookup (`service.getSale(req.params.id)`)
 * while the records' ids are numbers, so a record that exists is not found and the handler
 * answers its own 404 → hand it the number, through the project's own parser of route parameters
 * when its other handlers use one (`parseId(req.params.id)`), else `Number(…)`. Only when the
 * contract documents that path parameter as an integer or number and the 404 came from the handler
 * of a served route; a parameter already converted in the handler is left alone. A local the
 * parameter was copied to as it came (`const { id } = req.params`) is handed over the same way.
 * In TypeScript, a lookup declaring that parameter `string` is retyped `number` (see
 * `retypeStringParams`), or tsc would refuse the conversion.
 */
export const nodeParamArgument: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'hand a lookup the numeric route parameter as a number, not as the string Express gives',
  evidence: { kinds: ['route_missing', 'status_mismatch'], contract: true },
  async *candidates({ cause, tree, node: given, contract }) {
    const project = given ?? nodeProjectFor(tree);
    for await (const { endpoint, request, numeric, file, source, fn, line } of numericParamHandlers(
      cause,
      contract,
      project,
      tree,
    )) {
      const parser = await projectParser(project, tree, file);
      // Only a parser the file already has: adding an import is param-cast's business.
      const convert = parser && !parser.specifier ? parser.name : 'Number';
      const raw: { arg: EsNode; param: string }[] = [];
      const handed: NumberArgument[] = [];
      let converted = false;
      const aliases = paramAliases(fn, request);
      for (const { node } of walk(fn)) {
        if (node.type !== 'CallExpression') continue;
        const callee = pathOf(node['callee'] as EsNode) ?? '';
        for (const arg of node['arguments'] as EsNode[]) {
          const path = pathOf(arg);
          const name = path?.startsWith(`${request}.params.`)
            ? path.slice(request.length + 8)
            : arg.type === 'Identifier'
              ? aliases.get(arg['name'] as string)
              : null;
          if (!name || !numeric.has(name)) continue;
          if (CONVERSIONS.has(callee) || callee === parser?.name) converted = true;
          else {
            raw.push({ arg, param: name });
            handed.push({ callee, index: (node['arguments'] as EsNode[]).indexOf(arg) });
          }
        }
      }
      if (converted || raw.length === 0) continue;
      let patched = source;
      const usable = convert === 'Number' ? null : parser;
      for (const { arg, param } of raw.sort((a, b) => spanOf(b.arg)[0] - spanOf(a.arg)[0])) {
        const [start, end] = spanOf(arg);
        // `customerId as string` (the parser keeps no cast node): the cast goes with the conversion, or tsc refuses it.
        const cast = CAST_AFTER.exec(source.slice(end))?.[0].length ?? 0;
        patched = replaceRange(patched, start, end + cast, parserCall(usable, source.slice(start, end), param));
      }
      await tree.write(file, patched);
      await retypeStringParams(project, tree, file, handed);
      yield {
        key: `${ID}#${convert === 'Number' ? 'number' : 'parser'}`,
        summary:
          `hand ${convert}(${source.slice(...spanOf(raw[0]!.arg))}) to the lookup in the handler of ${endpoint} ` +
          `(${file}:${line})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

// Locals that hold a route parameter as it came: `const { id } = req.params`, `const id = req.params.id`.
function paramAliases(fn: EsNode, request: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const { node } of walk(fn)) {
    if (node.type !== 'VariableDeclarator' || !node['init']) continue;
    const id = node['id'] as EsNode;
    const init = pathOf(node['init'] as EsNode);
    if (id.type === 'Identifier' && init?.startsWith(`${request}.params.`))
      out.set(id['name'] as string, init.slice(request.length + 8));
    if (id.type !== 'ObjectPattern' || init !== `${request}.params`) continue;
    for (const property of id['properties'] as EsNode[]) {
      const key = property.type === 'Property' ? keyName(property['key'] as EsNode) : null;
      const value = property['value'] as EsNode | undefined;
      if (key && value?.type === 'Identifier') out.set(value['name'] as string, key);
    }
  }
  return out;
}

const CAST_AFTER = /^(?:\s+as\s+[A-Za-z_$][\w$.]*(?:<[^<>()]*>)?(?:\[\])*|!(?!=))/;
const CONVERSIONS = new Set(['Number', 'parseInt', 'parseFloat', 'Number.parseInt', 'Number.parseFloat', 'BigInt']);
