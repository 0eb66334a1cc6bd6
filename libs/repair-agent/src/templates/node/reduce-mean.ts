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
  const { field, value } = heldValue(ancestors) ?? {};
  const documented = field ? documentedField(schema, field) : null;
  if (!field || !value || !documented) return null;
  const empty = admitsNull(documented) ? 'null' : admitsZero(documented) ? '0' : null;
  if (!empty || !typesOf(documented).some((t) => t === 'number' || t === 'integer')) return null;
  const [start, end] = spanOf(value);
  return { start, end, guard: `${receiver}.length > 0`, empty, field };
}

/**
 * The response field a value computed in an expression fills and the whole value it is computed in:
 * the literal's key and value (`{ avg: … }`), or a local's initialiser (`const avg = …`) that a
 * literal's key reads in the same function (`{ avg }`, `{ average: avg }`). Null for anything else.
 */
export function heldValue(ancestors: readonly EsNode[]): { field: string | null; value: EsNode } | null {
  const holder = [...ancestors]
    .reverse()
    .find((a) => a.type === 'Property' || a.type === 'VariableDeclarator' || isFunction(a));
  if (holder?.type === 'Property' && !holder['computed'])
    return { field: keyName(holder['key'] as EsNode), value: holder['value'] as EsNode };
  if (holder?.type !== 'VariableDeclarator' || (holder['id'] as EsNode).type !== 'Identifier') return null;
  const fn = [...ancestors].reverse().find(isFunction);
  const value = holder['init'] as EsNode | null;
  return value ? { field: fn ? readBy(fn, (holder['id'] as EsNode)['name'] as string) : null, value } : null;
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
