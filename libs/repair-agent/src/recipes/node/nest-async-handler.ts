import type { NestHandlerDecl } from '../../node/nest-decorators.js';
import { parseFile, spanOf, walk, type EsNode } from '../../templates/node/estree.js';

/**
 * Where `async ` goes to make a NestJS handler method async (its name's offset, after any
 * modifiers): null when it is async already, declares a return type (`async` would have to
 * change it to a Promise), or is not found.
 */
export function asyncInsertion(file: string, source: string, handler: NestHandlerDecl): number | null {
  const program = parseFile(file, source);
  if (!program) return null;
  for (const { node } of walk(program)) {
    if (node.type !== 'MethodDefinition' || spanOf(node)[1] !== handler.end) continue;
    const fn = node['value'] as EsNode;
    if (fn['async'] || fn['returnType'] || node['computed']) return null;
    return spanOf(node['key'] as EsNode)[0];
  }
  return null;
}
