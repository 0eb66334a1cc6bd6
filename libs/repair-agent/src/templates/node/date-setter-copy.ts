import { spanOf, textOf, walk, type EsNode } from './estree.js';

/**
 * `d.setX(args)` written so that it changes no Date anyone else holds: `new Date(new Date(d).setX(args))`
 * (the arguments still read the unchanged `d`).
 */
export function copiedSetter(source: string, call: EsNode): string {
  const object = (call['callee'] as EsNode)['object'] as EsNode;
  const [, objectEnd] = spanOf(object);
  const [, callEnd] = spanOf(call);
  return `new Date(new Date(${textOf(source, object)})${source.slice(objectEnd, callEnd)})`;
}

/**
 * Whether `name` is a Date the function made itself (`const moved = new Date(at)`) and reads no more
 * after `offset`: changing it in place changes nothing a caller or a later line holds.
 */
export function ownedDate(fn: EsNode | undefined, source: string, name: string, offset: number): boolean {
  if (!fn) return false;
  let made = false;
  for (const { node } of walk(fn)) {
    if (node.type === 'VariableDeclarator') {
      const id = node['id'] as EsNode;
      const init = node['init'] as EsNode | null;
      const callee = init?.type === 'NewExpression' ? (init['callee'] as EsNode) : null;
      if (id.type === 'Identifier' && id['name'] === name && callee?.type === 'Identifier' && callee['name'] === 'Date')
        made = true;
    }
    if (node.type === 'Identifier' && node['name'] === name && spanOf(node)[0] >= offset) return false;
  }
  return made;
}
