import { projectSourceFiles } from '../../node/project-source-files.js';
import type { SourceTree } from '../../source/source-tree.js';
import { keyName, parseFile, walk, type EsNode } from './estree.js';

/** Array methods a read of `x.m.<method>(…)` says `x.m` is an array by (not `length`: strings have it). */
export const LIST_METHODS = new Set([
  'push',
  'pop',
  'shift',
  'unshift',
  'splice',
  'map',
  'filter',
  'forEach',
  'reduce',
  'find',
  'findIndex',
  'some',
  'every',
  'flatMap',
]);

/**
 * The keys the project's object literals of one kind (every literal that has all of `members`)
 * hold arrays under (`partsUsed: []`, `tags: ['a']`), leaving out a key any such literal gives a
 * string or a number: the members a record of that kind keeps its lists in.
 */
export async function arrayMembers(tree: SourceTree, members: ReadonlySet<string>): Promise<Set<string>> {
  const arrays = new Set<string>();
  const plain = new Set<string>();
  for (const file of await projectSourceFiles(tree)) {
    const source = await tree.read(file);
    const program = source === null ? null : parseFile(file, source);
    if (!program) continue;
    for (const { node } of walk(program)) {
      if (node.type !== 'ObjectExpression') continue;
      const properties = (node['properties'] as EsNode[]).filter((p) => p.type === 'Property' && !p['computed']);
      const keys = new Map(properties.map((p) => [keyName(p['key'] as EsNode), p['value'] as EsNode]));
      if (![...members].every((m) => keys.has(m))) continue;
      for (const [key, value] of keys) {
        if (key === null) continue;
        if (value.type === 'ArrayExpression') arrays.add(key);
        // A string or number says the key holds no list; an object may be a schema of the record
        // (`tags: { type: 'array' }` in an OpenAPI dump) and `null` an empty one: neither says so.
        else if ((value.type === 'Literal' && value['value'] !== null) || value.type === 'TemplateLiteral')
          plain.add(key);
      }
    }
  }
  return new Set([...arrays].filter((k) => !plain.has(k)));
}
