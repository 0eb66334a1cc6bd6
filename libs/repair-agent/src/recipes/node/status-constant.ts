import { projectSourceFiles } from '../../node/project-source-files.js';
import type { SourceTree } from '../../source/source-tree.js';

/**
 * A status named by a member of the project's own enum or constant object
 * (`res.status(HttpStatus.OK)`, `enum HttpStatus { OK = 200, CREATED = 201 }`): when that member
 * is `actual`, the member of the same declaration that is `expected` (`HttpStatus.CREATED`), or
 * the number when the declaration has none. Null when the text is no such member, or its
 * declaration is not found once in the project (a library's constants are left alone).
 */
export async function namedStatusSwap(
  tree: Pick<SourceTree, 'list' | 'read'>,
  text: string,
  status: { actual: number; expected: number },
): Promise<string | null> {
  const member = /^([A-Za-z_$][\w$]*)\.([A-Za-z_$][\w$]*)$/.exec(text);
  if (!member) return null;
  const [, owner, name] = member;
  const declaration = new RegExp(`\\b(?:enum\\s+${owner}|const\\s+${owner}\\s*(?::[^=]+)?=)\\s*\\{([^}]*)\\}`);
  const bodies: string[] = [];
  for (const file of await projectSourceFiles(tree)) {
    const body = declaration.exec((await tree.read(file)) ?? '')?.[1];
    if (body !== undefined) bodies.push(body);
  }
  if (bodies.length !== 1) return null;
  const values = new Map(
    [...bodies[0]!.matchAll(/([A-Za-z_$][\w$]*)\s*[=:]\s*(\d{3})\b/g)].map((m) => [m[1]!, Number(m[2])] as const),
  );
  if (values.get(name!) !== status.actual) return null;
  const sibling = [...values].find(([, value]) => value === status.expected)?.[0];
  return sibling ? `${owner}.${sibling}` : String(status.expected);
}
