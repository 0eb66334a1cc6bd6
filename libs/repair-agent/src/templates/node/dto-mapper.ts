import { lineText, offsetOf, replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor, type NodeProject } from '../../node/node-project.js';
import type { SourceTree } from '../../source/source-tree.js';
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
 * (`toSummary(v) { return { id, plate, … } }`), or imported into it from the project
 * (`import { toCustomerDto } from './dto.js'`). A documented array gets `items.map(toSummary)`, and
 * a callback that spreads each entity whole (`items.map((c) => ({ ...c, jobCount: … }))`) becomes
 * the mapper. The value is followed from `res.json(await service.list())` into the method returning it.
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
    const local = mappersIn(program, producer.fn.className);
    const all = [...local, ...(await importedMappers(node, tree, producer.file, local))];
    const mappers = all.filter((m) => [...m.keys].sort().join(',') === documented);
    if (mappers.length !== 1 || producer.fn.returns.length === 0) return;
    const mapper = mappers[0]!;
    const call1 = (v: string) => (mapper.method ? `this.${mapper.name}(${v})` : `${mapper.name}(${v})`);
    const edits: { start: number; end: number; text: string }[] = [];
    for (const r of producer.fn.returns) {
      const value = text.slice(r.argStart, r.argEnd);
      if (/^[\w$.]+$/.test(value)) {
        const mapped = many
          ? mapper.method
            ? `${value}.map((item) => ${call1('item')})`
            : `${value}.map(${mapper.name})`
          : call1(value);
        edits.push({ start: r.argStart, end: r.argEnd, text: mapped });
        continue;
      }
      // `list.map((c) => ({ ...c, createdAt: … }))`: the entity spread whole, cycle and all.
      const callback = many ? spreadingCallback(program, r.argStart, r.argEnd) : null;
      if (!callback) return;
      edits.push({ ...callback, text: mapper.method ? `(item) => ${call1('item')}` : mapper.name });
    }
    let updated = text;
    for (const e of edits.sort((a, b) => b.start - a.start)) updated = replaceRange(updated, e.start, e.end, e.text);
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

// The callback of `x.map(cb)` spanning exactly [start, end) whose object literal spreads its
// parameter (`(c) => ({ ...c, jobCount: c.jobs.length })`): its span, or null.
function spreadingCallback(program: EsNode, start: number, end: number): { start: number; end: number } | null {
  const call = [...walk(program)]
    .map((w) => w.node)
    .find((n) => n.type === 'CallExpression' && spanOf(n)[0] === start && spanOf(n)[1] === end);
  const callee = call?.['callee'] as EsNode | undefined;
  const args = (call?.['arguments'] as EsNode[] | undefined) ?? [];
  if (callee?.type !== 'MemberExpression' || keyName(callee['property'] as EsNode) !== 'map' || args.length !== 1)
    return null;
  const fn = args[0]!;
  const param = (fn['params'] as EsNode[] | undefined)?.[0];
  const body = isFunction(fn) ? unwrap(fn['body'] as EsNode) : null;
  if (param?.type !== 'Identifier' || body?.type !== 'ObjectExpression') return null;
  const spreads = (body['properties'] as EsNode[]).some(
    (p) => p.type === 'SpreadElement' && unwrap(p['argument'] as EsNode)['name'] === param['name'],
  );
  if (!spreads) return null;
  const [s, e] = spanOf(fn);
  return { start: s, end: e };
}

// The one-parameter functions `file` imports from the project's modules that return one object
// literal (`import { toCustomerDto } from './dto.js'`), beside the module's own.
async function importedMappers(
  node: NodeProject,
  tree: Pick<SourceTree, 'read'>,
  file: string,
  own: readonly { name: string }[],
): Promise<{ name: string; method: boolean; keys: string[] }[]> {
  const module = (await node.modules()).get(file);
  const out: { name: string; method: boolean; keys: string[] }[] = [];
  for (const binding of module?.imports.flatMap((i) => i.names) ?? []) {
    if (own.some((m) => m.name === binding.local)) continue;
    const target = await resolveFunction(node, file, binding.local);
    if (!target || target.file === file || target.fn.params.length !== 1) continue;
    const source = await tree.read(target.file);
    const program = source === null ? null : parseFile(target.file, source);
    const fn =
      program && [...walk(program)].map((w) => w.node).find((n) => isFunction(n) && spanOf(n)[0] === target.fn.start);
    const literal = fn ? returnedLiteral(fn) : null;
    const keys = literal ? literalKeys(literal) : null;
    if (keys) out.push({ name: binding.local, method: false, keys });
  }
  return out;
}

function literalKeys(literal: EsNode): string[] | null {
  const keys = (literal['properties'] as EsNode[]).map((p) =>
    p.type === 'Property' && !p['computed'] ? keyName(p['key'] as EsNode) : null,
  );
  return keys.every((k): k is string => k !== null) ? keys : null;
}

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
    const keys = literal ? literalKeys(literal) : null;
    if (keys) out.push({ name, method, keys });
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
