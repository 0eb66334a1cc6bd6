import { admitsNull, typesOf } from '../python/contract-schema.js';

/** The schema of the property `name`, searched through properties, items and single allOf wrappers. */
export function propertySchema(schema: unknown, name: string, depth = 0): Record<string, unknown> | null {
  if (!schema || typeof schema !== 'object' || depth > 6) return null;
  const s = schema as Record<string, unknown>;
  const properties = s['properties'] as Record<string, unknown> | undefined;
  if (properties && typeof properties[name] === 'object') return properties[name] as Record<string, unknown>;
  for (const next of [s['items'], ...Object.values(properties ?? {}), ...((s['allOf'] as unknown[]) ?? [])]) {
    const found = propertySchema(next, name, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * A number (or integer) schema that is not nullable and whose range holds 0: what an empty
 * collection's mean may answer.
 */
export function admitsZero(schema: Record<string, unknown> | null): boolean {
  if (!schema || admitsNull(schema)) return false;
  const types = typesOf(schema);
  if (!types.includes('number') && !types.includes('integer')) return false;
  const min = schema['minimum'];
  const max = schema['maximum'];
  if (typeof min === 'number' && min > 0) return false;
  if (typeof max === 'number' && max < 0) return false;
  if (
    schema['exclusiveMinimum'] === true
      ? typeof min === 'number' && min >= 0
      : typeof schema['exclusiveMinimum'] === 'number' && schema['exclusiveMinimum'] >= 0
  )
    return false;
  return true;
}
