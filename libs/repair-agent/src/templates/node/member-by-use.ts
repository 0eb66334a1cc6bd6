import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { replaceRange } from '../../node/js-edits.js';
import { patternNames } from '../../node/js-ast.js';
import { closestFieldMeaning } from '../python/field-meaning.js';
import { objectShape, successSchema } from '../python/contract-schema.js';
import type { RepairTemplate } from '../template.js';
import { LIST_METHODS, arrayMembers } from './array-members.js';
import { isFunction } from './object-keys.js';
import { linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { projectShapes } from './project-shapes.js';
import { calleeOf, membersFromSameSource } from './same-source-members.js';
import { keyHolding, storedJsonShapes } from './stored-json-shapes.js';
import type { SourceTree } from '../../source/source-tree.js';

const ID = 'node.member-by-use';

// Field names generated code uses for one meaning; a member of one group stands for the one
// member of its group the object has.
const SAME_MEANING: readonly (readonly string[])[] = [
  ['name', 'title', 'label', 'displayName'],
  ['quantity', 'qty'],
  ['description', 'desc'],
];

/**
 * `Cannot read properties of undefined (reading 'p')` on `x.m.p` (or `x.m is not iterable`), where
 * the index cannot say what `x` is (a parameter, a value a repository returned, a sort
 * comparator's argument) → the member `x` has for `m`. What `x` has comes from its use: the other
 * members the function reads on it
 * (and on its sibling parameters: `(a, b) => a.m … b.m`) must all belong to one shape the project
 * declares (a class, an object literal, an interface) or to the failing operation's documented
 * request or response body; `m` must belong to none of the fitting shapes, and one member of them
 * must be its spelling (`SKU` → `sku`, `registrations` → `registrationIds`) or its meaning
 * (`title` → `name`). A value bound to a call (`const d = await repo.findById(id)`) also has what
 * the project's other code reads on values of the same call (`d.license` elsewhere: `licence` is
 * `license`). A value parsed from stored JSON (`JSON.parse(trip.telemetryJson)`) has the keys the
 * project stores under that property, and there the one key whose object has the member read next
 * is `m` (`t.velocity.maxKmh` → `t.speed.maxKmh` when every stored `speed` has `maxKmh`). An array
 * method read next (`x.parts.push`) narrows the members to those the project's literals of the
 * shape hold arrays under (`partsUsed: []`, array-members.ts). Every `x.m` on the failing line is
 * renamed.
 */
export const nodeMemberByUse: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'rename a member its object does not have to the member its use and the contract say it has',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, operation }) {
    const message = exception?.message ?? '';
    const prop = /^Cannot read properties of (?:undefined|null) \(reading '([^']+)'\)/.exec(message)?.[1];
    // `for (const l of order.lines)` on a member the object lacks: `order.lines is not iterable`.
    const iterated = /^([\w$]+\.[\w$]+) is not iterable$/.exec(message)?.[1];
    if (!culprit || (!prop && !iterated)) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    const tried = new Set<string>();
    let shapes: string[][] | undefined;
    for (const { node, ancestors } of walk(program)) {
      if (node.type !== 'MemberExpression' || node['computed'] || linesOf(node)[0] !== culprit.line) continue;
      // `x.m.p` read on undefined, or `x.m` iterated.
      const inner = prop
        ? name(node['property'] as EsNode) === prop
          ? (node['object'] as EsNode)
          : null
        : source.slice(...spanOf(node)) === iterated
          ? node
          : null;
      if (!inner || inner.type !== 'MemberExpression' || inner['computed']) continue;
      const holder = inner['object'] as EsNode;
      const member = name(inner['property'] as EsNode);
      if (holder.type !== 'Identifier' || !member) continue;
      const x = holder['name'] as string;
      if (tried.has(`${x}.${member}`)) continue;
      tried.add(`${x}.${member}`);
      const scope = bindingScope([...ancestors, node], x);
      if (!scope) continue;
      const names = new Set([x, ...siblings(scope.fn, x)]);
      const used = membersUsed(scope.fn, names, member);
      shapes ??= await projectShapes(tree);
      // One member read on the object says little about which shape it is: the code's shapes
      // need two, the operation's own bodies none.
      const fromCode = used.size >= 2 ? shapes.filter((s) => [...used].every((u) => s.includes(u))) : [];
      const fromContract = contractShapes(operation, scope.isParameter).filter((s) =>
        [...used].every((u) => s.includes(u)),
      );
      const fromSource = scope.isParameter ? [] : await sameSourceShape(tree, source, scope.fn, x, culprit);
      // Parsed stored JSON (`JSON.parse(row.telemetryJson)`) has what the project stores there.
      const stored = scope.isParameter
        ? []
        : (await storedJsonShapes(tree, scope.fn, x)).filter((s) => [...used].every((u) => u in s));
      const fitting = [...fromCode, ...fromContract, ...fromSource, ...stored.map((s) => Object.keys(s))];
      if (fitting.length === 0 || fitting.some((s) => s.includes(member))) continue;
      const pool = [...new Set(fitting.flat())];
      // Else, in stored JSON, the one key whose object holds the member read next (`x.velocity.maxKmh` → `speed`).
      const to =
        closestFieldMeaning(member, pool) ??
        sameMeaning(member, pool) ??
        (stored.length > 0 && prop ? keyHolding(stored, prop) : undefined) ??
        // Else, for an array method (`x.parts.push`) or an iteration, the one array the literals of
        // its kind hold that the name stands for (`partsUsed`), where the pool had several (`partsCost`).
        ((!prop || LIST_METHODS.has(prop)) && fromCode.length > 0
          ? closestFieldMeaning(
              member,
              [...(await arrayMembers(tree, used))].filter((k) => pool.includes(k)),
            )
          : undefined);
      if (!to) continue;
      // Every `x.m` (and sibling's) on the failing line, last first so offsets hold.
      const renames = [...walk(program)]
        .map((w) => w.node)
        .filter(
          (n) =>
            n.type === 'MemberExpression' &&
            !n['computed'] &&
            name(n['property'] as EsNode) === member &&
            linesOf(n)[0] === culprit.line,
        )
        .filter(
          (n) => (n['object'] as EsNode).type === 'Identifier' && names.has((n['object'] as EsNode)['name'] as string),
        )
        .map((n) => spanOf(n['property'] as EsNode))
        .sort((a, b) => b[0] - a[0]);
      let updated = source;
      for (const [start, end] of renames) updated = replaceRange(updated, start, end, to);
      await tree.write(culprit.file, updated);
      yield {
        key: ID,
        summary: `rename ${x}.${member} to ${x}.${to} at ${culprit.file}:${culprit.line}`,
        template: { recipe: ID, from: member, to },
      };
      return;
    }
  },
};

// What other code reads on values from the call `x` was bound to (`const x = await repo.find(id)`).
async function sameSourceShape(
  tree: SourceTree,
  source: string,
  fn: EsNode,
  x: string,
  culprit: { file: string; line: number },
): Promise<string[][]> {
  for (const { node } of walk(fn['body'] as EsNode)) {
    if (node.type !== 'VariableDeclarator' || !patternNames(node['id'] as never).includes(x)) continue;
    const callee = calleeOf(node['init'] as EsNode | null, source);
    if (!callee) return [];
    const members = await membersFromSameSource(tree, callee, culprit);
    return members.size > 0 ? [[...members]] : [];
  }
  return [];
}

function name(node: EsNode | undefined): string | null {
  return node?.type === 'Identifier' ? (node['name'] as string) : null;
}

// The innermost function declaring `x` (a parameter or a local binding), and whether it is a parameter.
function bindingScope(path: readonly EsNode[], x: string): { fn: EsNode; isParameter: boolean } | undefined {
  for (const fn of [...path].reverse().filter(isFunction)) {
    if ((fn['params'] as EsNode[]).some((p) => patternNames(p as never).includes(x))) return { fn, isParameter: true };
    for (const { node } of walk(fn['body'] as EsNode)) {
      if (node.type === 'VariableDeclarator' && patternNames(node['id'] as never).includes(x))
        return { fn, isParameter: false };
    }
  }
  return undefined;
}

// The other plain parameters of a callback that declares `x` (`(a, b) => …`).
function siblings(fn: EsNode, x: string): string[] {
  const params = (fn['params'] as EsNode[]).filter((p) => p.type === 'Identifier').map((p) => p['name'] as string);
  return params.includes(x) ? params.filter((p) => p !== x) : [];
}

function membersUsed(fn: EsNode, names: ReadonlySet<string>, member: string): Set<string> {
  const out = new Set<string>();
  for (const { node } of walk(fn)) {
    if (node.type !== 'MemberExpression' || node['computed']) continue;
    const object = node['object'] as EsNode;
    const key = name(node['property'] as EsNode);
    if (object.type === 'Identifier' && names.has(object['name'] as string) && key && key !== member) out.add(key);
  }
  return out;
}

// The request body's properties (for a parameter) and the success response's (an array's items).
function contractShapes(operation: ApiOperation | null, isParameter: boolean): string[][] {
  const out: string[][] = [];
  const request = isParameter ? objectShape(operation?.requestBody?.schema) : null;
  if (request) out.push(Object.keys(request.properties));
  const body = successSchema(operation);
  const items = body && body['type'] === 'array' ? (body['items'] as Record<string, unknown> | undefined) : body;
  const response = objectShape(items ?? null);
  if (response) out.push(Object.keys(response.properties));
  return out;
}

function sameMeaning(member: string, pool: readonly string[]): string | undefined {
  const group = SAME_MEANING.find((g) => g.includes(member));
  const matches = group ? pool.filter((p) => p !== member && group.includes(p)) : [];
  return matches.length === 1 ? matches[0] : undefined;
}
