import { admitsNull, typesOf } from '../python/contract-schema.js';
import { keyName, pathOf, spanOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';
import { documentedField } from './schema-field.js';

/** A mean's value guarded for an empty collection: the span to replace, the guard, the field. */
export interface MeanGuard {
  readonly start: number;
  readonly end: number;
  /** `xs.length > 0` */
  readonly guard: string;
  /** What the schema documents for no items: `null`, or `0` for a number that is not nullable. */
  readonly empty: 'null' | '0';
  readonly field: string;
}

/**
 * `xs.reduce((a, b) => a + b) / xs.length` (a mean over the reduced array itself), kept in a
 * response field (the literal's key, or a local a literal's key reads, the whole value it is
 * computed in: `Math.round(… / xs.length * 100) / 100`): the guard of that value for no items,
 * with what the success schema documents then — `null` for a nullable field, else `0` for a number
 * admitting it. Null when it is no such mean or the field is not documented.
 */
export function meanGuard(call: EsNode, ancestors: readonly EsNode[], schema: unknown): MeanGuard | null {
  const parent = ancestors.at(-1);
  const receiver = pathOf((call['callee'] as EsNode)['object'] as EsNode);
  const divisor = parent?.type === 'BinaryExpression' ? (parent['right'] as EsNode) : null;
  if (parent?.['operator'] !== '/' || parent['left'] !== call || !receiver || divisor?.type !== 'MemberExpression')
    return null;
  if (pathOf(divisor) !== `${receiver}.length`) return null;
  const holder = [...ancestors]
    .reverse()
    .find((a) => a.type === 'Property' || a.type === 'VariableDeclarator' || isFunction(a));
  let field: string | null = null;
  let value: EsNode | undefined;
  if (holder?.type === 'Property' && !holder['computed']) {
    [field, value] = [keyName(holder['key'] as EsNode), holder['value'] as EsNode];
  } else if (holder?.type === 'VariableDeclarator' && (holder['id'] as EsNode).type === 'Identifier') {
    value = holder['init'] as EsNode;
    const fn = [...ancestors].reverse().find(isFunction);
    field = fn ? readBy(fn, (holder['id'] as EsNode)['name'] as string) : null;
  }
  const documented = field ? documentedField(schema, field) : null;
  if (!field || !value || !documented) return null;
  const empty = admitsNull(documented) ? 'null' : admitsZero(documented) ? '0' : null;
  if (!empty || !typesOf(documented).some((t) => t === 'number' || t === 'integer')) return null;
  const [start, end] = spanOf(value);
  return { start, end, guard: `${receiver}.length > 0`, empty, field };
}

/** Whether a documented field's schema is a number that may be 0 (no minimum above it). */
export function admitsZero(own: Record<string, unknown>): boolean {
  if (!typesOf(own).some((t) => t === 'number' || t === 'integer')) return false;
  const min = own['minimum'];
  const exclusive = own['exclusiveMinimum'];
  if (typeof min === 'number' && (min > 0 || (min === 0 && exclusive === true))) return false;
  return !(typeof exclusive === 'number' && exclusive >= 0);
}

// The key of a literal property whose value is the local (`{ avg }`, `{ avg: mean }`) in the function.
function readBy(fn: EsNode, name: string): string | null {
  for (const { node } of walk(fn)) {
    if (node.type !== 'Property' || node['computed']) continue;
    const value = node['value'] as EsNode;
    if (value.type === 'Identifier' && value['name'] === name) return keyName(node['key'] as EsNode);
  }
  return null;
}
