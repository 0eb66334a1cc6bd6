import { createRequire } from 'node:module';
import type { Program } from 'acorn';

/** TypeScript sources the Node project index reads (declaration files are types only). */
export const TS_FILE = /(?<!\.d)\.(?:ts|tsx|mts|cts)$/;

// typescript-estree drives the TypeScript compiler's own parser (no type-checking, no program):
// every syntax TypeScript accepts, decorators included. TypeScript takes a second or more to load,
// so it is required on the first TypeScript file only: a JavaScript app never pays for it.
type Estree = { parse(code: string, options: Record<string, unknown>): unknown };
let estree: Estree | undefined;
function loadEstree(): Estree {
  return (estree ??= createRequire(import.meta.url)('@typescript-eslint/typescript-estree') as Estree);
}

// Expressions TypeScript wraps around a value (`x as T`, `x!`, `<T>x`, `x satisfies T`, `f<T>`):
// the tree keeps the value, so `await (x as T)` is an awaited call and edits splice the value only.
const WRAPPERS = new Set([
  'TSAsExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'TSSatisfiesExpression',
  'TSInstantiationExpression',
]);
// Statements and class members with no runtime meaning (types, overload signatures, ambient declarations).
const TYPE_ONLY = new Set([
  'TSInterfaceDeclaration',
  'TSTypeAliasDeclaration',
  'TSDeclareFunction',
  'TSModuleDeclaration',
  'TSEnumDeclaration',
  'TSExportAssignment',
  'TSIndexSignature',
  'TSAbstractMethodDefinition',
  'TSAbstractPropertyDefinition',
  'TSAbstractAccessorProperty',
  'TSNamespaceExportDeclaration',
]);
const SKIPPED_KEYS = new Set(['parent', 'loc', 'range']);

type Raw = { type: string; range: [number, number]; start?: number; end?: number; [key: string]: unknown };

/**
 * Parses TypeScript (`.ts`, `.tsx`, `.mts`, `.cts`) into the ESTree shape acorn gives JavaScript:
 * every node has `start`/`end` string offsets (so edits splice the original text and keep its
 * types and formatting), type-only statements are left out, and type wrappers around expressions
 * are unwrapped. Decorators stay on their classes, members and parameters (`decorators`), and
 * constructor parameter properties stay as `TSParameterProperty` nodes. Throws on syntax errors,
 * with `loc.line` like acorn.
 */
export function parseTs(source: string, path: string): Program {
  let raw: Raw;
  try {
    raw = parseRaw(source, path) as Raw;
  } catch (error) {
    const e = error as { lineNumber?: number; message?: string };
    throw Object.assign(new SyntaxError(e.message ?? String(error)), { loc: { line: e.lineNumber ?? null } });
  }
  return normalise(raw) as unknown as Program;
}

function isNode(value: unknown): value is Raw {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Raw).type === 'string' &&
    Array.isArray((value as Raw).range)
  );
}

function unwrap(node: Raw): Raw {
  let inner = node;
  while (WRAPPERS.has(inner.type)) inner = inner['expression'] as Raw;
  return inner;
}

function isTypeOnly(node: Raw): boolean {
  if (TYPE_ONLY.has(node.type)) return true;
  if (
    node.type === 'ImportDeclaration' ||
    node.type === 'ExportNamedDeclaration' ||
    node.type === 'ExportAllDeclaration'
  ) {
    if (node['importKind'] === 'type' || node['exportKind'] === 'type') return true;
    const declaration = node['declaration'] as Raw | null | undefined;
    if (declaration && (TYPE_ONLY.has(declaration.type) || declaration['declare'] === true)) return true;
  }
  if (node.type === 'VariableDeclaration' || node.type === 'ClassDeclaration') return node['declare'] === true;
  // Overload signatures and abstract members: a method without a body.
  if (node.type === 'MethodDefinition') return (node['value'] as Raw).type === 'TSEmptyBodyFunctionExpression';
  return false;
}

// `import x = require('y')` is a require binding: it becomes `const x = require('y')` over the same text.
function importEquals(node: Raw): Raw {
  const reference = node['moduleReference'] as Raw;
  if (reference.type !== 'TSExternalModuleReference') return { ...node, type: 'EmptyStatement' };
  const id = node['id'] as Raw;
  const call = {
    type: 'CallExpression',
    range: reference.range,
    loc: reference['loc'],
    callee: { type: 'Identifier', name: 'require', range: reference.range, loc: reference['loc'] },
    arguments: [reference['expression']],
    optional: false,
  };
  const declarator = {
    type: 'VariableDeclarator',
    range: [id.range[0], reference.range[1]],
    loc: node['loc'],
    id,
    init: call,
  };
  return {
    type: 'VariableDeclaration',
    kind: 'const',
    range: node.range,
    loc: node['loc'],
    declarations: [declarator],
  };
}

function normalise(input: Raw): Raw {
  const node = input.type === 'TSImportEqualsDeclaration' ? importEquals(input) : input;
  node.start = node.range[0];
  node.end = node.range[1];
  for (const key of Object.keys(node)) {
    if (SKIPPED_KEYS.has(key)) continue;
    const value = node[key];
    if (Array.isArray(value)) {
      node[key] = value
        .filter((item) => !isNode(item) || !isTypeOnly(item))
        .map((item) => (isNode(item) ? normalise(unwrap(item)) : item));
    } else if (isNode(value)) {
      node[key] = isTypeOnly(value) ? null : normalise(unwrap(value));
    }
  }
  return node;
}

/**
 * The property names TypeScript types declare (`interface Row { createdAt: string }`, `type Row = {
 * … }`, inline type literals), which `parseTs` leaves out with the rest of the type-only code.
 * Empty when the source does not parse.
 */
export function declaredTypeKeys(source: string, path: string): string[] {
  let raw: unknown;
  try {
    raw = loadEstree().parse(source, { jsx: /\.tsx$/.test(path), filePath: path, comment: false, tokens: false });
  } catch {
    return [];
  }
  const keys = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== 'object' || value === null) return;
    const node = value as {
      type?: unknown;
      computed?: unknown;
      key?: { type: string; name?: string; value?: unknown };
    };
    if (node.type === 'TSPropertySignature' && !node.computed && node.key) {
      const name = node.key.type === 'Identifier' ? node.key.name : node.key.value;
      if (typeof name === 'string') keys.add(name);
    }
    for (const [key, child] of Object.entries(node)) if (!SKIPPED_KEYS.has(key)) visit(child);
  };
  visit(raw);
  return [...keys];
}

/**
 * The whole TypeScript tree, types included (interfaces, type aliases, annotations), as
 * typescript-estree gives it (`range`, `loc`): for reading and editing declared types, which
 * `parseTs` leaves out. Null when the source does not parse.
 */
export function parseTsWithTypes(source: string, path: string): unknown {
  try {
    return parseRaw(source, path);
  } catch {
    return null;
  }
}

// typescript-estree's tree of the file, with `range` and `loc`; throws on syntax errors.
function parseRaw(source: string, path: string): unknown {
  return loadEstree().parse(source, {
    range: true,
    loc: true,
    comment: false,
    tokens: false,
    jsx: /\.tsx$/.test(path),
    filePath: path,
    suppressDeprecatedPropertyWarnings: true,
  });
}
