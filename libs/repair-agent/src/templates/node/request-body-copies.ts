import { words } from '../../similarity.js';
import { keyName, pathOf, walk, type EsNode } from './estree.js';

/**
 * Locals of `fn` that are a checked copy of the request body: `const input = { customer:
 * requireString(body, 'customer'), quantity: … }`, an object literal (no spread) whose every key
 * is a documented request field and whose values read a body holder. A read of another name off
 * such a copy (`input.model`) is a request field read under the wrong name, as off the body itself.
 */
export function literalCopies(fn: EsNode, holders: readonly string[], documented: readonly string[]): string[] {
  const out: string[] = [];
  for (const { node } of walk(fn)) {
    if (node.type !== 'VariableDeclarator' || (node['id'] as EsNode).type !== 'Identifier') continue;
    const init = node['init'] as EsNode | null;
    if (init?.type !== 'ObjectExpression') continue;
    const properties = init['properties'] as EsNode[];
    const keys = properties.map((p) => (p.type === 'Property' && !p['computed'] ? keyName(p['key'] as EsNode) : null));
    if (keys.length === 0 || keys.some((k) => k === null || !documented.includes(k))) continue;
    // Every value reads the body: a literal of constants or other data is no copy of the request.
    const readsBody = (value: EsNode) => [...walk(value)].some(({ node: n }) => holders.includes(pathOf(n) ?? ''));
    if (properties.every((p) => readsBody(p['value'] as EsNode))) out.push((node['id'] as EsNode)['name'] as string);
  }
  return out;
}

/**
 * The documented field an undocumented read is mapped to: in `{ plannedStart: body.startDate }`
 * the key says which request field the value stands for. Only when the key is a documented field
 * and shares a word (three letters or more, never `id`) with the read name; `{ title: body.name }`
 * gets nothing (another field may be meant).
 */
export function mappedKeyField(
  name: string,
  member: EsNode,
  parent: EsNode | undefined,
  documented: readonly string[],
): string | undefined {
  if (parent?.type !== 'Property' || parent['value'] !== member || parent['computed']) return undefined;
  const key = keyName(parent['key'] as EsNode);
  if (!key || key === name || !documented.includes(key)) return undefined;
  const own = words(name).filter((w) => w.length >= 3 && w !== 'id');
  return words(key).some((w) => own.includes(w)) ? key : undefined;
}
