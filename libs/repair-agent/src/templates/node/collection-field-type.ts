import { projectSourceFiles } from '../../node/project-source-files.js';
import { parseTsWithTypes, TS_FILE } from '../../node/ts-ast.js';
import type { SourceTree } from '../../source/source-tree.js';
import { keyName, spanOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';

/** One replacement of `[start, end)` in a file. */
export interface TextEdit {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

// The TypeScript names of each collection kind collection-field.ts sends the elements of.
const NAMES: Record<string, readonly string[]> = { Map: ['Map', 'ReadonlyMap'], Set: ['Set', 'ReadonlySet'] };

/**
 * The declared type of a response field that collection-field.ts turns from a Map / Set into an
 * array (`monthly: Map<string, Total>` in an interface, a type literal or a class) → the array of
 * its values (`Total[]`), so that the TypeScript build still compiles the sent elements. Only the
 * type the response literal (the one whose property value starts at `at`) is checked against: the
 * enclosing function's declared return type (a Promise's value), or an `as` / `satisfies` /
 * annotation of the literal or of the local it is kept in, followed to its interface, type alias or
 * class (in the file, else the project's one of that name). A record's own type that merely names
 * the field too (`interface Hut { amenities: Set<string> }`, whose code calls `.add`) stays. None in
 * JavaScript, or when the literal is checked against no declared type (the conversion alone).
 */
export async function collectionTypeEdits(
  tree: SourceTree,
  file: string,
  field: string,
  kind: string,
  at: number,
): Promise<TextEdit[]> {
  const typed = (f: string) => TS_FILE.test(f);
  const source = typed(file) ? await tree.read(file) : null;
  const program = source === null ? null : (parseTsWithTypes(source, file) as EsNode | null);
  const checked = program ? checkedType(program, at) : null;
  if (!program || source === null || !checked) return [];
  if (checked.type === 'TSTypeLiteral') return declarations(source, file, checked, field, kind);
  const typeName = checked.type === 'TSTypeReference' ? (checked['typeName'] as EsNode)['name'] : null;
  if (typeof typeName !== 'string') return [];
  const own = named(program, typeName);
  if (own.length > 0) return own.length === 1 ? declarations(source, file, own[0]!, field, kind) : [];
  const elsewhere: TextEdit[] = [];
  for (const other of (await projectSourceFiles(tree)).filter((f) => f !== file && typed(f))) {
    const text = await tree.read(other);
    const parsed = text === null || !text.includes(typeName) ? null : (parseTsWithTypes(text, other) as EsNode | null);
    if (!parsed || text === null) continue;
    for (const declared of named(parsed, typeName)) elsewhere.push(...declarations(text, other, declared, field, kind));
  }
  return elsewhere.length === 1 ? elsewhere : [];
}

// The declared type the object literal holding the property whose value starts at `at` is checked
// against: `as T` / `satisfies T`, `const x: T = {…}`, or the function's return type when the
// literal (or the unannotated local holding it) is what the function returns.
function checkedType(program: EsNode, at: number): EsNode | null {
  for (const { node, ancestors } of walk(program)) {
    if (node.type !== 'Property' || spanOf(node['value'] as EsNode)[0] !== at) continue;
    const chain = [...ancestors].reverse();
    const literal = chain[0];
    const parent = chain[1];
    if (literal?.type !== 'ObjectExpression' || !parent) return null;
    if (parent.type === 'TSAsExpression' || parent.type === 'TSSatisfiesExpression')
      return parent['typeAnnotation'] as EsNode;
    const fn = chain.find(isFunction);
    if (parent.type === 'VariableDeclarator') {
      const annotated = (parent['id'] as EsNode)['typeAnnotation'] as EsNode | null | undefined;
      if (annotated) return annotated['typeAnnotation'] as EsNode;
      const local = (parent['id'] as EsNode)['name'];
      return fn && returns(fn, (r) => r.type === 'Identifier' && r['name'] === local) ? returnType(fn) : null;
    }
    const returned = parent.type === 'ReturnStatement' || (isFunction(parent) && parent['body'] === literal);
    return returned && fn ? returnType(fn) : null;
  }
  return null;
}

// Whether a return of `fn` itself (not of a nested function) returns what `test` accepts.
function returns(fn: EsNode, test: (argument: EsNode) => boolean): boolean {
  for (const { node, ancestors } of walk(fn)) {
    if (node.type !== 'ReturnStatement' || !node['argument']) continue;
    if ([...ancestors].reverse().find(isFunction) === fn && test(node['argument'] as EsNode)) return true;
  }
  return false;
}

// A function's declared return type; an async one's `Promise<T>` is `T`.
function returnType(fn: EsNode): EsNode | null {
  const declared = ((fn['returnType'] as EsNode | null | undefined)?.['typeAnnotation'] as EsNode) ?? null;
  const args = (declared?.['typeArguments'] ?? declared?.['typeParameters']) as EsNode | undefined;
  const params = (args?.['params'] as EsNode[] | undefined) ?? [];
  const promise = declared?.type === 'TSTypeReference' && (declared['typeName'] as EsNode)['name'] === 'Promise';
  return promise ? (params.length === 1 ? params[0]! : null) : declared;
}

// The interfaces, type aliases and classes of that name a file declares.
function named(program: EsNode, name: string): EsNode[] {
  const kinds = ['TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'ClassDeclaration'];
  return [...walk(program)]
    .map(({ node }) => node)
    .filter((n) => kinds.includes(n.type) && (n['id'] as EsNode | null)?.['name'] === name);
}

// `field: Map<K, V>` (or `Set<T>`) declared in `root` of `file`, as edits to `V[]` (`T[]`).
function declarations(source: string, file: string, root: EsNode, field: string, kind: string): TextEdit[] {
  const out: TextEdit[] = [];
  for (const { node } of walk(root)) {
    if (node.type !== 'TSPropertySignature' && node.type !== 'PropertyDefinition') continue;
    if (node['computed'] || keyName(node['key'] as EsNode) !== field) continue;
    const type = (node['typeAnnotation'] as EsNode | null)?.['typeAnnotation'] as EsNode | undefined;
    const name = type?.type === 'TSTypeReference' ? (type['typeName'] as EsNode)['name'] : null;
    if (!type || typeof name !== 'string' || !NAMES[kind]?.includes(name)) continue;
    const args = (type['typeArguments'] ?? type['typeParameters']) as EsNode | undefined;
    const params = (args?.['params'] as EsNode[] | undefined) ?? [];
    const element = params[kind === 'Map' ? 1 : 0];
    if (!element || params.length !== (kind === 'Map' ? 2 : 1)) continue;
    const [from, to] = spanOf(element);
    const text = source.slice(from, to);
    // `A | B` and function types need `Array<…>`; a plain name or literal type takes `[]`.
    const simple = /^[\w$.]+(<[^()|&=>]*>)?$/.test(text);
    const [start, end] = spanOf(type);
    out.push({ file, start, end, text: simple ? `${text}[]` : `Array<${text}>` });
  }
  return out;
}
