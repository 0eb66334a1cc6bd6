import { parseProgram } from '../../node/js-ast.js';

/**
 * A node of any ESTree tree — acorn's, or typescript-estree's (which carries `range` instead of
 * `start`/`end`, and type annotations this walk simply passes through). Templates read the fields
 * ESTree defines and nothing parser-specific.
 */
export interface EsNode {
  readonly type: string;
  readonly start?: number;
  readonly end?: number;
  readonly range?: readonly [number, number];
  readonly loc?: { readonly start: { readonly line: number }; readonly end: { readonly line: number } };
  readonly [field: string]: unknown;
}

/** A project file's ESTree program (JavaScript or TypeScript, by its extension), or null when it does not parse. */
export function parseFile(path: string, source: string): EsNode | null {
  try {
    return parseProgram(path, source) as unknown as EsNode;
  } catch {
    return null;
  }
}

/** `[start, end)` string offsets of a node. */
export function spanOf(node: EsNode): [number, number] {
  if (node.range) return [node.range[0], node.range[1]];
  return [node.start ?? 0, node.end ?? 0];
}

/** 1-based first and last lines of a node. */
export function linesOf(node: EsNode): [number, number] {
  return [node.loc?.start.line ?? 0, node.loc?.end.line ?? 0];
}

/** Whether a value is an ESTree node. */
function isNode(value: unknown): value is EsNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** A node's child nodes, in source order (arrays flattened; `loc`/`range`/`parent` skipped). */
function childrenOf(node: EsNode): EsNode[] {
  const out: EsNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc' || key === 'range' || key === 'parent') continue;
    if (Array.isArray(value)) for (const item of value) if (isNode(item)) out.push(item);
    if (isNode(value)) out.push(value);
  }
  return out;
}

/** Every node under `root` (root included), with its ancestors outermost first. */
export function* walk(
  root: EsNode,
  ancestors: EsNode[] = [],
): Generator<{ node: EsNode; ancestors: readonly EsNode[] }> {
  yield { node: root, ancestors };
  const next = [...ancestors, root];
  for (const child of childrenOf(root)) yield* walk(child, next);
}

/** The source text of a node. */
export function textOf(source: string, node: EsNode): string {
  const [start, end] = spanOf(node);
  return source.slice(start, end);
}

/** `a.b.c` of a non-computed member chain (optional links read as plain ones), or null. */
export function pathOf(node: EsNode): string | null {
  if (node.type === 'Identifier') return node['name'] as string;
  if (node.type === 'ThisExpression') return 'this';
  if (node.type === 'ChainExpression') return pathOf(node['expression'] as EsNode);
  if (node.type === 'MemberExpression' && !node['computed']) {
    const property = node['property'] as EsNode;
    const object = pathOf(node['object'] as EsNode);
    return object !== null && property.type === 'Identifier' ? `${object}.${property['name'] as string}` : null;
  }
  return null;
}

/** The innermost statement around a node (the node itself when it is one). */
export function enclosingStatement(node: EsNode, ancestors: readonly EsNode[]): EsNode | undefined {
  return [...ancestors, node]
    .reverse()
    .find((a) => /(Statement|Declaration)$/.test(a.type) && a.type !== 'BlockStatement');
}

/** The name a non-computed object key or class member key spells (`a`, `'a'`), or null. */
export function keyName(key: EsNode): string | null {
  if (key.type === 'Identifier') return key['name'] as string;
  if (key.type === 'Literal' && typeof key['value'] === 'string') return key['value'];
  return null;
}

/** `[start, end)` of a statement widened to its whole lines when nothing else shares them, else its own span. */
export function statementLines(source: string, statement: EsNode): [number, number] {
  let [start, end] = spanOf(statement);
  const lineStart = source.lastIndexOf('\n', start - 1) + 1;
  if (source.slice(lineStart, start).trim() === '') start = lineStart;
  const lineEnd = source.indexOf('\n', end);
  if (source.slice(end, lineEnd < 0 ? source.length : lineEnd).trim() === '')
    end = lineEnd < 0 ? source.length : lineEnd + 1;
  return [start, end];
}
