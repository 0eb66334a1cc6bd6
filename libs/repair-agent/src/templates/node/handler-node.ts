import type { JsRoute } from '../../node/js-routes.js';
import type { SourceTree } from '../../source/source-tree.js';
import { parseFile, spanOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';

/**
 * A route's handler as an ESTree function node, with the file it is written in (the controller
 * module of `router.post('/', ctrl.create)`) and that file's source; null when the route has no
 * handler the index found, or the file does not parse.
 */
export async function handlerNode(
  tree: Pick<SourceTree, 'read'>,
  route: JsRoute,
): Promise<{ file: string; source: string; fn: EsNode } | null> {
  const handler = route.handler;
  const file = route.handlerFile ?? route.file;
  const source = handler ? await tree.read(file) : null;
  const program = source === null ? null : parseFile(file, source);
  if (!handler || !program || source === null) return null;
  const fn = [...walk(program)].map((w) => w.node).find((n) => isFunction(n) && spanOf(n)[0] === handler.start);
  return fn ? { file, source, fn } : null;
}
