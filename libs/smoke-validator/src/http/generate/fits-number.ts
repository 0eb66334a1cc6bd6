/**
 * Whether a number borrowed from elsewhere (an update taking its create's value) is acceptable
 * where a schema asks for one that has no example of its own.
 */
import { asObject, mergeAllOf, typesOf } from './schema-utils.js';

/**
 * Whether `value` is a number `schema` (or its non-null `anyOf`/`oneOf` option) accepts and has no example of its own.
 */
export function fitsNumber(input: Record<string, unknown>, value: unknown): boolean {
  if (typeof value !== 'number') return false;
  let schema = mergeAllOf(input);
  if ('example' in schema || 'examples' in schema || 'default' in schema) return false;
  const options = [...((schema['anyOf'] as unknown[]) ?? []), ...((schema['oneOf'] as unknown[]) ?? [])].map((o) =>
    mergeAllOf(asObject(o as never)),
  );
  if (options.length > 0) schema = options.find((o) => typesOf(o).some((t) => t === 'integer' || t === 'number')) ?? {};
  const types = typesOf(schema);
  if ('example' in schema || 'examples' in schema || 'enum' in schema || 'const' in schema) return false;
  if (!(types.includes('number') || (types.includes('integer') && Number.isInteger(value)))) return false;
  const num = (k: string) => (typeof schema[k] === 'number' ? (schema[k] as number) : undefined);
  const [min, max, xmin, xmax, step] = [
    num('minimum'),
    num('maximum'),
    num('exclusiveMinimum'),
    num('exclusiveMaximum'),
    num('multipleOf'),
  ];
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) return false;
  if ((xmin !== undefined && value <= xmin) || (xmax !== undefined && value >= xmax)) return false;
  if (schema['exclusiveMinimum'] === true && min !== undefined && value <= min) return false;
  if (schema['exclusiveMaximum'] === true && max !== undefined && value >= max) return false;
  return step === undefined || step <= 0 || Number.isInteger(value / step);
}
