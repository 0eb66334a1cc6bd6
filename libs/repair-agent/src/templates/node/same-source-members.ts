import { projectSourceFiles } from '../../node/project-source-files.js';
import type { SourceTree } from '../../source/source-tree.js';
import { isFunction } from './object-keys.js';
import { parseFile, spanOf, walk, type EsNode } from './estree.js';

/**
 * The members the project's code reads on values that come from one call (`driverRepository.
 * findById` in `const driver = await driverRepository.findById(id)`): in every function of the
 * project that binds a variable to that call, what it reads on the variable. Values from the same
 * call are the same kind of object, so what the other places read is what it has.
 */
export async function membersFromSameSource(
  tree: SourceTree,
  callee: string,
  except: { file: string; line: number },
): Promise<Set<string>> {
  const out = new Set<string>();
  for (const file of await projectSourceFiles(tree)) {
    const source = await tree.read(file);
    if (source === null || !source.includes(callee)) continue;
    const program = parseFile(file, source);
    if (!program) continue;
    for (const { node, ancestors } of walk(program)) {
      if (node.type !== 'VariableDeclarator' || (node['id'] as EsNode).type !== 'Identifier') continue;
      if (calleeOf(node['init'] as EsNode | null, source) !== callee) continue;
      const fn = [...ancestors].reverse().find(isFunction);
      if (!fn) continue;
      const variable = (node['id'] as EsNode)['name'] as string;
      for (const { node: use } of walk(fn)) {
        if (use.type !== 'MemberExpression' || use['computed']) continue;
        const object = use['object'] as EsNode;
        const key = use['property'] as EsNode;
        if (object.type !== 'Identifier' || object['name'] !== variable || key.type !== 'Identifier') continue;
        if (file === except.file && (use.loc?.start.line ?? 0) === except.line) continue;
        out.add(key['name'] as string);
      }
    }
  }
  return out;
}

/** `a.b(…)` or `await a.b(…)` → `a.b`; anything else → null. */
export function calleeOf(init: EsNode | null | undefined, source: string): string | null {
  const call = init?.type === 'AwaitExpression' ? (init['argument'] as EsNode) : init;
  if (call?.type !== 'CallExpression') return null;
  const callee = call['callee'] as EsNode;
  if (callee.type !== 'MemberExpression' && callee.type !== 'Identifier') return null;
  const [start, end] = spanOf(callee);
  return source.slice(start, end);
}
