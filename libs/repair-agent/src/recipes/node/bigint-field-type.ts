import { projectSourceFiles } from '../../node/project-source-files.js';
import { TS_FILE } from '../../node/ts-ast.js';
import type { SourceTree } from '../../source/source-tree.js';

// Type names of the language and its library, never the project's own declarations.
const LIBRARY_TYPES = new Set(['Promise', 'Array', 'ReadonlyArray', 'Readonly', 'Partial', 'Required', 'Record']);

/**
 * A field `key: bigint` of the interfaces and object types a function's declared return type
 * names (`: Promise<StudentBalance>` → `interface StudentBalance { …; total: bigint; … }`), wherever
 * in the project they are declared, retyped `to` (`number`, `string`): the value the function
 * returns under that key was converted, and the declaration must say so for the project to
 * compile. Only a top-level field of the declaration's own body is retyped. Returns the files changed.
 */
export async function retypeBigIntFields(
  tree: SourceTree,
  returnType: string,
  key: string,
  to: 'string' | 'number',
): Promise<string[]> {
  const names = new Set(
    [...returnType.matchAll(/\b[A-Z][\w$]*\b/g)].map((m) => m[0]).filter((n) => !LIBRARY_TYPES.has(n)),
  );
  if (names.size === 0) return [];
  const changed: string[] = [];
  for (const file of (await projectSourceFiles(tree)).filter((f) => TS_FILE.test(f))) {
    const source = await tree.read(file);
    if (source === null || !source.includes('bigint')) continue;
    let updated = source;
    for (const name of names) {
      const declaration = new RegExp(`\\b(?:interface|type)\\s+${name}\\b[^{;]*\\{`).exec(updated);
      if (!declaration) continue;
      const open = declaration.index + declaration[0].length - 1;
      const close = matchingBrace(updated, open);
      if (close < 0) continue;
      const body = updated.slice(open + 1, close);
      const field = new RegExp(`(^|[;,{\\n]\\s*)((?:readonly\\s+)?${key}\\??\\s*:\\s*)bigint(?=\\s*[;,}\\n])`).exec(
        body,
      );
      if (!field || depthAt(body, field.index + field[1]!.length) !== 0) continue;
      const at = open + 1 + field.index + field[1]!.length + field[2]!.length;
      updated = `${updated.slice(0, at)}${to}${updated.slice(at + 'bigint'.length)}`;
    }
    if (updated === source) continue;
    await tree.write(file, updated);
    changed.push(file);
  }
  return changed;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

// How deep in braces a position of a declaration's body is (0: a field of the body itself).
function depthAt(body: string, index: number): number {
  let depth = 0;
  for (let i = 0; i < index; i++) depth += body[i] === '{' ? 1 : body[i] === '}' ? -1 : 0;
  return depth;
}
