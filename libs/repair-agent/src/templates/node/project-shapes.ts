import { projectSourceFiles } from '../../node/project-source-files.js';
import type { SourceTree } from '../../source/source-tree.js';
import { parseFile, walk, type EsNode } from './estree.js';

/**
 * Every member set the project's code declares: each class (methods, accessors, fields and
 * `this.x =` assignments), each object literal with named keys, and each TypeScript interface or
 * type literal. What an object the index cannot follow may be is one of these.
 */
export async function projectShapes(tree: SourceTree): Promise<string[][]> {
  const shapes: string[][] = [];
  for (const file of await projectSourceFiles(tree)) {
    const source = await tree.read(file);
    const program = source === null ? null : parseFile(file, source);
    if (!program) continue;
    for (const { node } of walk(program)) {
      const keys = shapeKeys(node);
      if (keys.length > 0) shapes.push(keys);
    }
  }
  return shapes;
}

function shapeKeys(node: EsNode): string[] {
  if (node.type === 'ObjectExpression')
    return names(
      (node['properties'] as EsNode[])
        .filter((p) => p.type === 'Property' && !p['computed'])
        .map((p) => p['key'] as EsNode),
    );
  if (node.type === 'TSInterfaceBody')
    return names((node['body'] as EsNode[]).map((m) => m['key'] as EsNode | undefined));
  if (node.type === 'TSTypeLiteral')
    return names((node['members'] as EsNode[]).map((m) => m['key'] as EsNode | undefined));
  if (node.type === 'ClassBody') {
    const out = names((node['body'] as EsNode[]).map((m) => m['key'] as EsNode | undefined));
    for (const { node: inner } of walk(node)) {
      // `this.x = …` anywhere in the class, and `constructor(private readonly x)` parameters.
      if (inner.type === 'AssignmentExpression') {
        const left = inner['left'] as EsNode;
        if (
          left.type === 'MemberExpression' &&
          !left['computed'] &&
          (left['object'] as EsNode).type === 'ThisExpression'
        )
          out.push(...names([left['property'] as EsNode]));
      }
      if (inner.type === 'TSParameterProperty') out.push(...names([inner['parameter'] as EsNode]));
    }
    return [...new Set(out)];
  }
  return [];
}

function names(keys: readonly (EsNode | undefined)[]): string[] {
  const out: string[] = [];
  for (const key of keys) {
    if (key?.type === 'Identifier') out.push(key['name'] as string);
    else if (key?.type === 'Literal' && typeof key['value'] === 'string') out.push(key['value']);
  }
  return out;
}
