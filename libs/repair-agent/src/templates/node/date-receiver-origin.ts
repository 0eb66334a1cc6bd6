/**
 * Where a failing receiver's value came from (`date-mutator-return`): the call it is, the local it
 * was initialised from, or the argument its caller passed on the calling frame's line.
 */
import type { StackTrace } from '@smoke-repair/log-parser';
import { locateCulprit } from '../../localize.js';
import type { SourceTree } from '../../source/source-tree.js';
import { linesOf, parseFile, walk, type EsNode } from './estree.js';
import { isFunction, propertyName, unwrap } from './object-keys.js';

/** A parsed file. */
export interface Located {
  readonly file: string;
  readonly source: string;
  readonly program: EsNode;
}

/** The expression the failing receiver's value came from, in its file. */
export interface Origin extends Located {
  readonly expr: EsNode;
  /** The declarator it initialises (`const due = …`), when it is one. */
  readonly declarator?: EsNode;
  readonly ancestors?: readonly EsNode[];
}

/** The receiver itself when it is a call; a local's initialiser; a parameter's argument on the caller's line. */
export async function originOf(
  object: EsNode,
  fn: EsNode | undefined,
  at: Located,
  trace: StackTrace | null,
  tree: SourceTree,
): Promise<Origin | null> {
  if (object.type === 'CallExpression') return { ...at, expr: object };
  if (object.type !== 'Identifier' || !fn) return null;
  const name = object['name'] as string;
  const local = localInit(fn, name);
  if (local) return { ...at, ...local };
  const index = (fn['params'] as EsNode[]).findIndex((p) => p.type === 'Identifier' && p['name'] === name);
  const callee = functionName(fn, at.program);
  if (index < 0 || !callee) return null;
  const frames = (trace?.frames ?? []).filter((f) => f.inApp);
  const caller = frames[frames.length - 2];
  const where = caller ? await locateCulprit({ culprit: caller } as StackTrace, tree) : null;
  const source = where ? await tree.read(where.file) : null;
  const program = where && source !== null ? parseFile(where.file, source) : null;
  if (!where || source === null || !program) return null;
  for (const { node, ancestors } of walk(program)) {
    const [first, last] = linesOf(node);
    if (node.type !== 'CallExpression' || first > where.line || where.line > last) continue;
    const c = node['callee'] as EsNode;
    if ((c.type === 'Identifier' ? c['name'] : propertyName(c)) !== callee) continue;
    const arg = (node['arguments'] as EsNode[])[index];
    if (!arg) return null;
    const inner = unwrap(arg);
    const outer = [...ancestors].reverse().find(isFunction);
    const located = { file: where.file, source, program };
    if (inner.type === 'CallExpression') return { ...located, expr: inner };
    const init = inner.type === 'Identifier' && outer ? localInit(outer, inner['name'] as string) : null;
    return init ? { ...located, ...init } : null;
  }
  return null;
}

// `const name = <init>` in the function, declared once and never assigned again.
function localInit(
  fn: EsNode,
  name: string,
): { expr: EsNode; declarator: EsNode; ancestors: readonly EsNode[] } | null {
  let found: { expr: EsNode; declarator: EsNode; ancestors: readonly EsNode[] } | null = null;
  for (const { node, ancestors } of walk(fn)) {
    if (node.type === 'VariableDeclarator' && (node['id'] as EsNode)['name'] === name) {
      if (found || !node['init']) return null;
      found = { expr: unwrap(node['init'] as EsNode), declarator: node, ancestors };
    } else if (node.type === 'AssignmentExpression' || node.type === 'UpdateExpression') {
      const target = (node['left'] ?? node['argument']) as EsNode;
      if (target.type === 'Identifier' && target['name'] === name) return null;
    }
  }
  return found;
}

// The name a function is called by: its declaration's, or the binding / key it is assigned to.
function functionName(fn: EsNode, program: EsNode): string | null {
  const id = fn['id'] as EsNode | null;
  if (id?.type === 'Identifier') return id['name'] as string;
  for (const { node } of walk(program)) {
    if (node.type === 'VariableDeclarator' && node['init'] === fn)
      return ((node['id'] as EsNode)['name'] as string) ?? null;
    if ((node.type === 'Property' || node.type === 'MethodDefinition') && node['value'] === fn)
      return (node['key'] as EsNode)['name'] as string;
  }
  return null;
}
