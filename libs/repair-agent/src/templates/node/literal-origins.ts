import { projectSourceFiles } from '../../node/project-source-files.js';
import type { SourceTree } from '../../source/source-tree.js';
import { keyName, parseFile, walk, type EsNode } from './estree.js';
import { isFunction, propertyName } from './object-keys.js';

/** A string literal of a project file that a value may have come from. */
export interface LiteralOrigin {
  readonly file: string;
  readonly node: EsNode;
}

interface Place {
  readonly file: string;
  readonly node: EsNode;
  /** Outermost first, the program included. */
  readonly ancestors: readonly EsNode[];
}

type Programs = Map<string, EsNode>;

const MAX_DEPTH = 8;
const WRAPPERS = /^(ChainExpression|TSAsExpression|TSNonNullExpression|TSSatisfiesExpression|TSTypeAssertion)$/;

/**
 * The string literals an expression's value may come from, followed back through the code: a local
 * (`const key = options.sortBy ?? 'name'`), a parameter (to the argument every call of the function
 * by name passes), a member of a parameter or of an object literal (`{ sortBy: 'created_at' }` at the
 * call), both sides of `??` / `||` / `?:`. Values from anywhere else (a request, a computation) are
 * simply not followed: only literals the code itself states are returned.
 */
export async function literalOrigins(
  tree: SourceTree,
  file: string,
  expression: EsNode,
  ancestors: readonly EsNode[],
): Promise<LiteralOrigin[]> {
  const programs: Programs = new Map();
  for (const f of await projectSourceFiles(tree)) {
    const source = await tree.read(f);
    const program = source === null ? null : parseFile(f, source);
    if (program) programs.set(f, program);
  }
  return originsOf(programs, { file, node: expression, ancestors }, 0);
}

/** An expression without the wrappers that do not change its value (`x as T`, `x!`, `a?.b`'s chain). */
export function bare(node: EsNode): EsNode {
  return WRAPPERS.test(node.type) ? bare(node['expression'] as EsNode) : node;
}

function originsOf(programs: Programs, at: Place, depth: number): LiteralOrigin[] {
  const e = bare(at.node);
  if (depth > MAX_DEPTH) return [];
  const inner = (node: EsNode) => originsOf(programs, { ...at, node, ancestors: at.ancestors }, depth + 1);
  if (e.type === 'Literal') return typeof e['value'] === 'string' ? [{ file: at.file, node: e }] : [];
  if (e.type === 'LogicalExpression') return [...inner(e['left'] as EsNode), ...inner(e['right'] as EsNode)];
  if (e.type === 'ConditionalExpression')
    return [...inner(e['consequent'] as EsNode), ...inner(e['alternate'] as EsNode)];
  if (e.type === 'Identifier') return bindingOrigins(programs, at, e['name'] as string, null, depth);
  const object = e.type === 'MemberExpression' ? bare(e['object'] as EsNode) : null;
  const key = propertyName(e);
  if (object?.type === 'Identifier' && key) return bindingOrigins(programs, at, object['name'] as string, key, depth);
  return [];
}

// The value of `name` (or of its member `key`) where `at` reads it: a local's initialiser, or what
// the function's callers pass for the parameter.
function bindingOrigins(
  programs: Programs,
  at: Place,
  name: string,
  key: string | null,
  depth: number,
): LiteralOrigin[] {
  const scopes = at.ancestors.map((a, i) => [a, i] as const).filter(([a, i]) => i === 0 || isFunction(a));
  for (const [scope, index] of scopes.reverse()) {
    const outer = at.ancestors.slice(0, index);
    const params = isFunction(scope) ? (scope['params'] as EsNode[]) : [];
    for (const [i, raw] of params.entries()) {
      const param = raw.type === 'TSParameterProperty' ? (raw['parameter'] as EsNode) : raw;
      const plain = param.type === 'AssignmentPattern' ? (param['left'] as EsNode) : param;
      const fallback: LiteralOrigin[] =
        param.type === 'AssignmentPattern' && key === null
          ? originsOf(programs, { ...at, node: param['right'] as EsNode }, depth + 1)
          : [];
      if (plain.type === 'Identifier' && plain['name'] === name)
        return [...fallback, ...callerOrigins(programs, scope, outer, i, key, depth)];
      const field = plain.type === 'ObjectPattern' && key === null ? patternKey(plain, name) : null;
      if (field) return callerOrigins(programs, scope, outer, i, field, depth);
    }
    for (const { node, ancestors } of walk(scope, outer)) {
      if (node.type !== 'VariableDeclarator' || !node['init']) continue;
      const id = node['id'] as EsNode;
      const place = { file: at.file, node: node['init'] as EsNode, ancestors: [...ancestors, node] };
      if (id.type === 'Identifier' && id['name'] === name)
        return key === null ? originsOf(programs, place, depth + 1) : memberOrigins(programs, place, key, depth);
      const field = id.type === 'ObjectPattern' && key === null ? patternKey(id, name) : null;
      if (field) return memberOrigins(programs, place, field, depth);
    }
  }
  return [];
}

// The member `key` of an expression: an object literal's property, or the member of what a name holds.
function memberOrigins(programs: Programs, at: Place, key: string, depth: number): LiteralOrigin[] {
  const e = bare(at.node);
  if (depth > MAX_DEPTH) return [];
  if (e.type === 'Identifier') return bindingOrigins(programs, at, e['name'] as string, key, depth + 1);
  if (e.type !== 'ObjectExpression') return [];
  const property = (e['properties'] as EsNode[]).find(
    (p) => p.type === 'Property' && !p['computed'] && keyName(p['key'] as EsNode) === key,
  );
  const place = { ...at, ancestors: [...at.ancestors, e] };
  return property ? originsOf(programs, { ...place, node: property['value'] as EsNode }, depth + 1) : [];
}

// Every call by the function's name (`f(…)`, `x.f(…)`) in the project: its `index`-th argument (or
// that argument's member `key`).
function callerOrigins(
  programs: Programs,
  fn: EsNode,
  outer: readonly EsNode[],
  index: number,
  key: string | null,
  depth: number,
): LiteralOrigin[] {
  const name = functionName(fn, outer.at(-1));
  if (!name) return [];
  const out: LiteralOrigin[] = [];
  for (const [file, program] of programs) {
    for (const { node, ancestors } of walk(program)) {
      if (node.type !== 'CallExpression') continue;
      const callee = bare(node['callee'] as EsNode);
      const called = callee.type === 'Identifier' ? callee['name'] : propertyName(callee);
      const arg = (node['arguments'] as EsNode[])[index];
      if (called !== name || !arg || arg.type === 'SpreadElement') continue;
      const place = { file, node: arg, ancestors: [...ancestors, node] };
      out.push(...(key === null ? originsOf(programs, place, depth + 1) : memberOrigins(programs, place, key, depth)));
    }
  }
  return out;
}

// `f` of `function f`, `const f = () =>`, a class method or object method `f() {}`, a field `f = () =>`.
function functionName(fn: EsNode, parent: EsNode | undefined): string | null {
  const id = fn['id'] as EsNode | null | undefined;
  if (id?.type === 'Identifier') return id['name'] as string;
  if (parent?.type === 'VariableDeclarator' && (parent['id'] as EsNode).type === 'Identifier')
    return (parent['id'] as EsNode)['name'] as string;
  if (parent && /^(MethodDefinition|Property|PropertyDefinition)$/.test(parent.type) && !parent['computed'])
    return keyName(parent['key'] as EsNode);
  return null;
}

// The key a destructuring pattern reads into `name` (`{ sortBy }`, `{ sortBy: key = 'x' }`).
function patternKey(pattern: EsNode, name: string): string | null {
  for (const p of pattern['properties'] as EsNode[]) {
    if (p.type !== 'Property' || p['computed']) continue;
    const value = p['value'] as EsNode;
    const local = value.type === 'AssignmentPattern' ? (value['left'] as EsNode) : value;
    if (local.type === 'Identifier' && local['name'] === name) return keyName(p['key'] as EsNode);
  }
  return null;
}
