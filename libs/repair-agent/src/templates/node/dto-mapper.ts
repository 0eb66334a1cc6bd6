import { lineText, offsetOf, replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { resolveFunction } from '../../node/resolve-function.js';
import { culpritModule, enclosingFunctions } from '../../recipes/node/scope.js';
import { objectShape, successSchema } from '../python/contract-schema.js';
import type { RepairTemplate } from '../template.js';
import { keyName, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { isFunction, unwrap } from './object-keys.js';

const ID = 'node.dto-mapper';
const SENDS = new Set(['json', 'send']);

/**
 * `Converting circular structure to JSON` on a response: the code sends its entities (a vehicle
 * whose trip points back at it) where the API documents a DTO → pass them through the project's
 * own mapper to that DTO: the one function (or method of the same class) in the module producing
 * them that takes one value and returns an object literal with exactly the documented properties
 * (`toSummary(v) { return { id, plate, … } }`). A documented array gets `items.map(toSummary)`.
 * The value is followed from `res.json(await service.list())` into the method returning it.
 */
export const nodeDtoMapper: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: "map the entities a response sends through the project's mapper to the documented DTO",
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true, contract: true },
  async *candidates({ exception, culprit, tree, node: given, operation }) {
    if (!culprit || !/circular structure to JSON/.test(exception?.message ?? '')) return;
    const schema = successSchema(operation);
    const many = schema?.['type'] === 'array';
    const shape = objectShape((many ? schema!['items'] : schema) as Record<string, unknown> | null);
    if (!shape) return;
    const documented = Object.keys(shape.properties).sort().join(',');
    const node = given ?? nodeProjectFor(tree);
    const module = await culpritModule(node, culprit.file);
    const source = await tree.read(culprit.file);
    const fn = module ? enclosingFunctions(module, culprit.line).at(-1) : undefined;
    if (!fn || source === null) return;
    // The sent value: `res.json(x)` on the failing line, followed into `await service.list()`.
    const lineStart = offsetOf(source, culprit.line);
    const lineEnd = lineStart + lineText(source, culprit.line).length;
    const send = fn.calls.find(
      (c) =>
        SENDS.has(c.name) && c.object !== undefined && c.start < lineEnd && c.end > lineStart && c.args.length === 1,
    );
    const sent = send?.args[0]?.text.replace(/^await\s+/, '');
    const call = sent ? /^([\w$]+(?:\.[\w$]+)?)\(.*\)$/s.exec(sent) : null;
    const producer = call ? await resolveFunction(node, culprit.file, call[1]!) : undefined;
    if (!producer) return;
    const text = await tree.read(producer.file);
    const program = text === null ? null : parseFile(producer.file, text);
    if (!program || text === null) return;
    const mappers = mappersIn(program, producer.fn.className).filter((m) => m.keys.sort().join(',') === documented);
    const returned = producer.fn.returns.filter((r) => /^[\w$.]+$/.test(text.slice(r.argStart, r.argEnd)));
    if (mappers.length !== 1 || returned.length === 0 || returned.length !== producer.fn.returns.length) return;
    const mapper = mappers[0]!;
    const call1 = (v: string) => (mapper.method ? `this.${mapper.name}(${v})` : `${mapper.name}(${v})`);
    let updated = text;
    for (const r of [...returned].sort((a, b) => b.argStart - a.argStart)) {
      const value = text.slice(r.argStart, r.argEnd);
      const mapped = many
        ? mapper.method
          ? `${value}.map((item) => ${call1('item')})`
          : `${value}.map(${mapper.name})`
        : call1(value);
      updated = replaceRange(updated, r.argStart, r.argEnd, mapped);
    }
    await tree.write(producer.file, updated);
    yield {
      key: ID,
      summary:
        `send ${many ? 'each of ' : ''}what ${producer.fn.name} returns through ${mapper.name}, the ` +
        `documented DTO (${producer.file}:${producer.fn.line})`,
      template: { recipe: ID },
    };
  },
};

// One-parameter functions of the module (or methods of `cls`) returning one object literal: its keys.
function mappersIn(program: EsNode, cls: string | undefined): { name: string; method: boolean; keys: string[] }[] {
  const out: { name: string; method: boolean; keys: string[] }[] = [];
  for (const { node, ancestors } of walk(program)) {
    let name: string | null = null;
    let fn: EsNode | null = null;
    let method = false;
    if (node.type === 'FunctionDeclaration' && ancestors.every((a) => !isFunction(a)))
      [name, fn] = [keyName(node['id'] as EsNode), node];
    else if (
      node.type === 'VariableDeclarator' &&
      ancestors.every((a) => !isFunction(a)) &&
      node['init'] &&
      isFunction(node['init'] as EsNode)
    )
      [name, fn] = [keyName(node['id'] as EsNode), node['init'] as EsNode];
    else if (node.type === 'MethodDefinition' && !node['static'] && cls !== undefined) {
      const owner = [...ancestors].reverse().find((a) => a.type === 'ClassDeclaration' || a.type === 'ClassExpression');
      if (owner && keyName(owner['id'] as EsNode) === cls)
        [name, fn, method] = [keyName(node['key'] as EsNode), node['value'] as EsNode, true];
    }
    if (!name || !fn || (fn['params'] as EsNode[]).length !== 1) continue;
    const literal = returnedLiteral(fn);
    const keys = literal
      ? (literal['properties'] as EsNode[]).map((p) =>
          p.type === 'Property' && !p['computed'] ? keyName(p['key'] as EsNode) : null,
        )
      : null;
    if (keys && keys.every((k): k is string => k !== null)) out.push({ name, method, keys });
  }
  return out;
}

// The object literal a function returns (its only return, or an arrow's expression body).
function returnedLiteral(fn: EsNode): EsNode | null {
  const body = fn['body'] as EsNode;
  if (body.type !== 'BlockStatement') return unwrap(body).type === 'ObjectExpression' ? unwrap(body) : null;
  const returns = [...walk(body)]
    .filter(({ node, ancestors }) => node.type === 'ReturnStatement' && !ancestors.some(isFunction))
    .map((w) => w.node);
  const value = returns.length === 1 && returns[0]!['argument'] ? unwrap(returns[0]!['argument'] as EsNode) : null;
  return value?.type === 'ObjectExpression' && spanOf(value)[0] > 0 ? value : null;
}
