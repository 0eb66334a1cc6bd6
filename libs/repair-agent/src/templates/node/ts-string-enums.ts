import { projectSourceFiles } from '../../node/project-source-files.js';
import { parseTsWithTypes, TS_FILE } from '../../node/ts-ast.js';
import type { SourceTree } from '../../source/source-tree.js';
import { keyName, walk, type EsNode } from './estree.js';

/** A TypeScript string enum's member names and their values, in declaration order. */
export interface StringEnumMembers {
  readonly keys: readonly string[];
  readonly values: readonly string[];
}

/**
 * Every string enum the project's TypeScript declares (`enum Status { Open = "open" }`, exported or
 * not): at run time an object of its names to its values, so `Object.keys(Status)` lists the names
 * and `Object.values(Status)` the values. `parseFile` leaves enums out with the types; the typed tree
 * has them. An enum with any member not initialised by a string literal (a numeric enum also maps
 * values back to names) is left out, and so is a name two files declare differently.
 */
export async function projectStringEnums(tree: SourceTree): Promise<Map<string, StringEnumMembers | null>> {
  const out = new Map<string, StringEnumMembers | null>();
  for (const file of await projectSourceFiles(tree)) {
    if (!TS_FILE.test(file)) continue;
    const source = await tree.read(file);
    if (source === null || !/\benum\b/.test(source)) continue;
    const program = parseTsWithTypes(source, file) as EsNode | null;
    if (!program) continue;
    for (const { node } of walk(program)) {
      if (node.type !== 'TSEnumDeclaration') continue;
      const name = (node['id'] as EsNode)['name'] as string;
      const found = stringMembers(node);
      if (!found) continue;
      const known = out.get(name);
      const same = known && known.keys.join('\0') === found.keys.join('\0');
      out.set(name, known === undefined || same ? found : null);
    }
  }
  return out;
}

function stringMembers(declaration: EsNode): StringEnumMembers | null {
  // typescript-estree 8 nests the members in a body; older versions keep them on the declaration.
  const members = ((declaration['body'] as EsNode | undefined)?.['members'] ?? declaration['members']) as
    | EsNode[]
    | undefined;
  const keys: string[] = [];
  const values: string[] = [];
  for (const member of members ?? []) {
    const key = keyName(member['id'] as EsNode);
    const init = member['initializer'] as EsNode | undefined;
    if (!key || init?.type !== 'Literal' || typeof init['value'] !== 'string') return null;
    keys.push(key);
    values.push(init['value']);
  }
  return keys.length > 0 ? { keys, values } : null;
}
