import { keyName, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';
import { resultOf } from './reduce-sum-evidence.js';

/**
 * `xs.reduce((a, b) => a || b)` (or `&&`, either operand order), with no initial value: its operator.
 */
export function logicalFold(node: EsNode): '||' | '&&' | null {
  if (node.type !== 'CallExpression') return null;
  const callee = node['callee'] as EsNode;
  if (callee.type !== 'MemberExpression' || keyName(callee['property'] as EsNode) !== 'reduce') return null;
  const args = node['arguments'] as EsNode[];
  const callback = args[0];
  if (args.length !== 1 || !callback || !isFunction(callback)) return null;
  const names = (callback['params'] as EsNode[]).map((p) => (p.type === 'Identifier' ? (p['name'] as string) : null));
  if (names.length !== 2 || names.includes(null)) return null;
  // Only the fold itself: a block with other statements does more than fold.
  const body = callback['body'] as EsNode;
  const result =
    body.type !== 'BlockStatement' || (body['body'] as EsNode[]).length === 1 ? resultOf(callback) : undefined;
  if (result?.type !== 'LogicalExpression' || !['||', '&&'].includes(result['operator'] as string)) return null;
  const sides = [result['left'], result['right']].map((n) =>
    (n as EsNode).type === 'Identifier' ? (n as EsNode)['name'] : null,
  );
  return sides.includes(names[0]) && sides.includes(names[1]) ? (result['operator'] as '||' | '&&') : null;
}

/**
 * `xs.map((x) => <a comparison, a negation, Boolean(…), or a predicate call: isX/hasX/overlaps(…)>)`.
 */
export function mapsToBooleans(node: EsNode | null): boolean {
  if (node?.type !== 'CallExpression') return false;
  const callee = node['callee'] as EsNode;
  const mapper = (node['arguments'] as EsNode[])[0];
  if (callee.type !== 'MemberExpression' || keyName(callee['property'] as EsNode) !== 'map' || !mapper) return false;
  if (!isFunction(mapper)) return false;
  const result = resultOf(mapper);
  if (!result) return false;
  if (result.type === 'BinaryExpression')
    return ['===', '!==', '==', '!=', '<', '>', '<=', '>='].includes(result['operator'] as string);
  if (result.type === 'UnaryExpression') return result['operator'] === '!';
  if (result.type !== 'CallExpression') return false;
  const called = result['callee'] as EsNode;
  const name =
    called.type === 'Identifier' ? (called['name'] as string) : (keyName(called['property'] as EsNode) ?? '');
  return (
    name === 'Boolean' ||
    /^(?:is|has|can|should|overlaps?|includes|contains|matches|equals|some|every)(?:[A-Z_]|$)/.test(name)
  );
}
