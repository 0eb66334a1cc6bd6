import { parse, type AnyNode, type Expression, type Node, type Pattern, type Program } from 'acorn';
import type { JsShape } from './js-module.js';
import { parseTs, TS_FILE } from './ts-ast.js';

/** JavaScript and TypeScript sources the Node project index reads. */
export const NODE_SOURCE_FILE = /\.(?:js|mjs|cjs)$|(?<!\.d)\.(?:ts|tsx|mts|cts)$/;

/**
 * Parses a Node source file by its extension: TypeScript through typescript-estree (see
 * ts-ast.ts), JavaScript through acorn. Both give the same ESTree shape with `start`/`end`
 * offsets; throws on syntax errors.
 */
export function parseProgram(path: string, source: string): Program {
  return TS_FILE.test(path) ? parseTs(source, path) : parseJs(source);
}

/**
 * Parses JavaScript as a module first (ESM, and most CommonJS too), then as a script (sloppy
 * CommonJS: `with`, octal literals). Lenient where Node is: hashbangs, top-level await/return.
 */
function parseJs(source: string): Program {
  const base = {
    ecmaVersion: 'latest',
    locations: true,
    allowHashBang: true,
    allowReturnOutsideFunction: true,
    allowAwaitOutsideFunction: true,
  } as const;
  try {
    return parse(source, { ...base, sourceType: 'module', allowImportExportEverywhere: true });
  } catch {
    return parse(source, { ...base, sourceType: 'script' });
  }
}

/** Names bound by a pattern (`{ a, b: [c] }` → a, c). */
export function patternNames(pattern: Pattern | null | undefined): string[] {
  if (!pattern) return [];
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'ObjectPattern':
      return pattern.properties.flatMap((p) =>
        p.type === 'RestElement' ? patternNames(p.argument) : patternNames(p.value),
      );
    case 'ArrayPattern':
      return pattern.elements.flatMap((e) => patternNames(e));
    case 'RestElement':
      return patternNames(pattern.argument);
    case 'AssignmentPattern':
      return patternNames(pattern.left);
    case 'TSParameterProperty' as string:
      // TypeScript's `constructor(private readonly store: Store)`: the parameter it declares.
      return patternNames((pattern as unknown as { parameter: Pattern }).parameter);
    default:
      return [];
  }
}

/** A property key as a name (`a`, `'a'`), or null when computed from an expression. */
export function keyName(key: AnyNode | Expression, computed = false): string | null {
  if (key.type === 'Identifier' && !computed) return key.name;
  if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number'))
    return String(key.value);
  return null;
}

/** The keys of an object literal, nested literals included. */
export function shapeOf(node: AnyNode | Expression | null | undefined): JsShape | undefined {
  if (!node || node.type !== 'ObjectExpression') return undefined;
  const keys: string[] = [];
  const nested: Record<string, JsShape> = {};
  for (const property of node.properties) {
    if (property.type !== 'Property') continue;
    const name = keyName(property.key, property.computed);
    if (name === null) continue;
    keys.push(name);
    const inner = shapeOf(property.value);
    if (inner) nested[name] = inner;
  }
  return { keys, nested };
}

/** A string literal's value (plain or a template without expressions). */
export function stringValue(node: AnyNode | Expression | undefined): string | null {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? null;
  return null;
}

/** Dotted text of `a.b.c` / `this.x` (null for computed or call chains). */
export function memberText(node: AnyNode | Expression): string | null {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'ThisExpression') return 'this';
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') {
    const object = memberText(node.object as Expression);
    return object === null ? null : `${object}.${node.property.name}`;
  }
  return null;
}

/** 1-based line of a node. */
export function lineOf(node: Node): number {
  return node.loc?.start.line ?? 0;
}

/** 1-based last line of a node. */
export function endLineOf(node: Node): number {
  return node.loc?.end.line ?? 0;
}
