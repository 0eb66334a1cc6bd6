import { projectSourceFiles } from '../../node/project-source-files.js';
import { parseTsWithTypes, TS_FILE } from '../../node/ts-ast.js';
import type { SourceTree } from '../../source/source-tree.js';
import { keyName, spanOf, walk, type EsNode } from './estree.js';

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
 * its values (`Total[]`), so that the TypeScript build still compiles the sent elements. The
 * declarations of the field in the file that builds it come first; else the project's one
 * declaration of that name with that collection type. None in JavaScript, or for no declaration.
 */
export async function collectionTypeEdits(
  tree: SourceTree,
  file: string,
  field: string,
  kind: string,
): Promise<TextEdit[]> {
  const typed = (f: string) => TS_FILE.test(f);
  if (!typed(file)) return [];
  const own = await declarations(tree, file, field, kind);
  if (own.length > 0) return own;
  const elsewhere: TextEdit[] = [];
  for (const other of (await projectSourceFiles(tree)).filter((f) => f !== file && typed(f)))
    elsewhere.push(...(await declarations(tree, other, field, kind)));
  return elsewhere.length === 1 ? elsewhere : [];
}

// `field: Map<K, V>` (or `Set<T>`) declared in `file`, as edits to `V[]` (`T[]`).
async function declarations(tree: SourceTree, file: string, field: string, kind: string): Promise<TextEdit[]> {
  const source = await tree.read(file);
  const program = source === null || !source.includes(field) ? null : (parseTsWithTypes(source, file) as EsNode | null);
  if (!program || source === null) return [];
  const out: TextEdit[] = [];
  for (const { node } of walk(program)) {
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
