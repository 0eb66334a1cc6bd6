import { projectSourceFiles } from '../../node/project-source-files.js';
import type { SourceTree } from '../../source/source-tree.js';
import { keyName, parseFile, walk, type EsNode } from './estree.js';

/**
 * Every name the project binds to a value, with that value: `const NAME = value` and object
 * properties `NAME: value`, in every source file that parses (the tables and lists templates look
 * names up in).
 */
export async function* projectBindings(tree: SourceTree): AsyncGenerator<{ name: string; value: EsNode }> {
  for (const file of await projectSourceFiles(tree)) {
    const source = await tree.read(file);
    const program = source === null ? null : parseFile(file, source);
    if (!program) continue;
    for (const { node } of walk(program)) {
      const [name, value] =
        node.type === 'VariableDeclarator' && (node['id'] as EsNode).type === 'Identifier'
          ? [(node['id'] as EsNode)['name'] as string, node['init'] as EsNode | null]
          : node.type === 'Property'
            ? [keyName(node['key'] as EsNode), node['value'] as EsNode]
            : [null, null];
      if (name && value) yield { name, value };
    }
  }
}
