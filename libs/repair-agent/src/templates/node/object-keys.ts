import type { NodeProject } from '../../node/node-project.js';
import { resolveFunction } from '../../node/resolve-function.js';
import type { SourceTree } from '../../source/source-tree.js';
import { parseFile, pathOf, spanOf, walk, type EsNode } from './estree.js';

/**
 * What the code itself says an object's keys are, from the functions around it: the keys of the
 * object literal a mapper returns (`rows.map(toDto)`'s elements, `const dto = toDto(row)`), and the
 * keys a function the object is passed to reads on its parameter (`toDto(row)` reading
 * `row.created_at`). `complete` is false when a returned literal spreads another object in.
 */
export interface KnownKeys {
  readonly made: readonly string[];
  readonly read: readonly string[];
  readonly complete: boolean;
}

const ARRAY_CALLBACKS = new Set([
  'sort',
  'map',
  'filter',
  'find',
  'findLast',
  'some',
  'every',
  'forEach',
  'reduce',
  'flatMap',
  'findIndex',
  'toSorted',
]);
const ARRAY_PASSTHROUGH = new Set(['filter', 'slice', 'sort', 'reverse', 'concat', 'toSorted', 'toReversed']);

/** Keys of the object `name` holds inside the functions `fnNodes` of `file`, from its makers and readers. */
export async function knownKeys(
  project: NodeProject,
  tree: SourceTree,
  file: string,
  fnNodes: readonly EsNode[],
  name: string,
): Promise<KnownKeys> {
  const made: string[] = [];
  const read: string[] = [];
  let complete = true;
  const add = (keys: { keys: string[]; complete: boolean } | undefined) => {
    if (!keys) return;
    made.push(...keys.keys);
    complete &&= keys.complete;
  };
  for (const fn of fnNodes) {
    // `name` a callback parameter over an array whose elements a mapper made.
    for (const { node, ancestors } of walk(fn)) {
      if (!isFunction(node) || !(node['params'] as EsNode[]).some((p) => p.type === 'Identifier' && p['name'] === name))
        continue;
      const call = ancestors.at(-1);
      const callee = call?.type === 'CallExpression' ? (call['callee'] as EsNode) : undefined;
      if (!callee || callee.type !== 'MemberExpression' || !ARRAY_CALLBACKS.has(propertyName(callee) ?? '')) continue;
      add(await elementKeys(project, tree, file, fnNodes, callee['object'] as EsNode));
    }
    for (const { node } of walk(fn)) {
      // `const name = mapper(x)` / `await mapper(x)`.
      if (
        node.type === 'VariableDeclarator' &&
        (node['id'] as EsNode).type === 'Identifier' &&
        (node['id'] as EsNode)['name'] === name &&
        node['init']
      ) {
        const init = unwrap(node['init'] as EsNode);
        if (init.type === 'CallExpression') add(await returnedKeys(project, tree, file, init['callee'] as EsNode));
      }
      // `reader(name)`: the keys the reader reads on that parameter.
      if (node.type === 'CallExpression') {
        const index = (node['arguments'] as EsNode[]).findIndex((a) => a.type === 'Identifier' && a['name'] === name);
        if (index >= 0) read.push(...(await parameterReads(project, tree, file, node['callee'] as EsNode, index)));
      }
    }
  }
  return { made: [...new Set(made)], read: [...new Set(read)], complete };
}

// The elements of an array expression: `xs.map(toDto)` (through filter/slice/sort), or a local
// `const xs = rows.map(toDto)`.
async function elementKeys(
  project: NodeProject,
  tree: SourceTree,
  file: string,
  fnNodes: readonly EsNode[],
  array: EsNode,
  depth = 0,
): Promise<{ keys: string[]; complete: boolean } | undefined> {
  const expr = unwrap(array);
  if (depth > 4) return undefined;
  if (expr.type === 'CallExpression' && (expr['callee'] as EsNode).type === 'MemberExpression') {
    const callee = expr['callee'] as EsNode;
    const method = propertyName(callee);
    const args = expr['arguments'] as EsNode[];
    if (method === 'map' && args[0] && !isFunction(args[0])) return returnedKeys(project, tree, file, args[0]);
    if (method && ARRAY_PASSTHROUGH.has(method))
      return elementKeys(project, tree, file, fnNodes, callee['object'] as EsNode, depth + 1);
    return undefined;
  }
  if (expr.type === 'Identifier') {
    for (const fn of fnNodes) {
      for (const { node } of walk(fn)) {
        if (
          node.type === 'VariableDeclarator' &&
          (node['id'] as EsNode).type === 'Identifier' &&
          (node['id'] as EsNode)['name'] === expr['name'] &&
          node['init']
        ) {
          return elementKeys(project, tree, file, fnNodes, node['init'] as EsNode, depth + 1);
        }
      }
    }
  }
  return undefined;
}

// The keys of the object literals a function returns (every return must be a literal or null).
async function returnedKeys(
  project: NodeProject,
  tree: SourceTree,
  file: string,
  callee: EsNode,
): Promise<{ keys: string[]; complete: boolean } | undefined> {
  const found = await functionNode(project, tree, file, callee);
  if (!found) return undefined;
  const body = found['body'] as EsNode;
  const results: EsNode[] = body.type === 'BlockStatement' ? returnsOf(body) : [body];
  const literals = results.map(unwrap).filter((r) => !(r.type === 'Literal' && r['value'] === null));
  if (literals.length === 0 || !literals.every((r) => r.type === 'ObjectExpression')) return undefined;
  const keys: string[] = [];
  let complete = true;
  for (const literal of literals) {
    for (const p of literal['properties'] as EsNode[]) {
      if (p.type !== 'Property') complete = false;
      else if (!p['computed']) {
        const key = p['key'] as EsNode;
        if (key.type === 'Identifier') keys.push(key['name'] as string);
        else if (key.type === 'Literal') keys.push(String(key['value']));
      }
    }
  }
  return { keys, complete };
}

// The keys a function reads on its `index`-th parameter (`row.created_at`).
async function parameterReads(
  project: NodeProject,
  tree: SourceTree,
  file: string,
  callee: EsNode,
  index: number,
): Promise<string[]> {
  const found = await functionNode(project, tree, file, callee);
  const param = found ? (found['params'] as EsNode[])[index] : undefined;
  if (!found || param?.type !== 'Identifier') return [];
  const out: string[] = [];
  for (const { node } of walk(found['body'] as EsNode)) {
    if (
      node.type === 'MemberExpression' &&
      !node['computed'] &&
      (node['object'] as EsNode).type === 'Identifier' &&
      (node['object'] as EsNode)['name'] === param['name']
    ) {
      const key = propertyName(node);
      if (key) out.push(key);
    }
  }
  return out;
}

// The ESTree node of the function a callee names, in whatever project file defines it.
async function functionNode(
  project: NodeProject,
  tree: SourceTree,
  file: string,
  callee: EsNode,
): Promise<EsNode | undefined> {
  const ref = pathOf(callee);
  const resolved = ref ? await resolveFunction(project, file, ref) : undefined;
  if (!resolved) return undefined;
  const source = await tree.read(resolved.file);
  const program = source === null ? null : parseFile(resolved.file, source);
  if (!program) return undefined;
  return [...walk(program)].map((w) => w.node).find((n) => isFunction(n) && spanOf(n)[0] === resolved.fn.start);
}

function returnsOf(body: EsNode): EsNode[] {
  const out: EsNode[] = [];
  for (const { node, ancestors } of walk(body)) {
    // Returns of nested functions are theirs, not this one's.
    if (node.type === 'ReturnStatement' && node['argument'] && !ancestors.slice(1).some(isFunction))
      out.push(node['argument'] as EsNode);
  }
  return out;
}

/** Whether a node is a function (declaration, expression or arrow). */
export function isFunction(n: EsNode): boolean {
  return n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression';
}

/**
 * The function a node declares under `name`: `function name(…) {}`, or the value of
 * `const name = …` (a function or not: the caller checks). Null for any other node.
 */
export function declaredAs(node: EsNode, name: string): EsNode | null {
  if (node.type === 'FunctionDeclaration') return (node['id'] as EsNode | null)?.['name'] === name ? node : null;
  if (node.type === 'VariableDeclarator' && (node['id'] as EsNode)['name'] === name)
    return (node['init'] as EsNode | null) ?? null;
  return null;
}

/** `m` of `a.m` / `a?.m` (non-computed), else null. */
export function propertyName(member: EsNode): string | null {
  const inner = member.type === 'ChainExpression' ? (member['expression'] as EsNode) : member;
  if (inner.type !== 'MemberExpression' || inner['computed']) return null;
  const property = inner['property'] as EsNode;
  return property.type === 'Identifier' ? (property['name'] as string) : null;
}

/** An expression without `await`, parentheses-free wrappers and TypeScript assertions around it. */
export function unwrap(n: EsNode): EsNode {
  if (n.type === 'AwaitExpression') return unwrap(n['argument'] as EsNode);
  if (
    n.type === 'ChainExpression' ||
    n.type === 'TSAsExpression' ||
    n.type === 'TSNonNullExpression' ||
    n.type === 'TSSatisfiesExpression'
  )
    return unwrap((n['expression'] as EsNode) ?? n);
  if (n.type === 'ConditionalExpression') {
    // `row ? toDto(row) : null`: the branch that is not null.
    const [a, b] = [unwrap(n['consequent'] as EsNode), unwrap(n['alternate'] as EsNode)];
    if (b.type === 'Literal' && b['value'] === null) return a;
    if (a.type === 'Literal' && a['value'] === null) return b;
  }
  return n;
}
