/**
 * Valid sample values from a JSON Schema: examples first, then synthetic values honouring
 * `const`, `enum`, formats, string lengths and patterns, numeric ranges and `multipleOf`, array
 * sizes, required properties, `allOf`/`anyOf`/`oneOf`, 3.0 `nullable` and 3.1 type arrays.
 */
import type { JsonSchema } from '../openapi/api-model.js';
import { allowsNull, asObject, mergeAllOf, typesOf } from './schema-utils.js';
import { sampleFromPattern } from './sample-pattern.js';
import {
  variantItemCount,
  variantMember,
  variantNumber,
  variantOmitsOptional,
  variantOption,
  variantString,
} from './sample-variant.js';

type Obj = Record<string, unknown>;

/** Lets the caller supply a value for a property (e.g. an id captured from another response). */
type PropertyHook = (name: string, schema: Obj, pointer: string) => { value: unknown } | undefined;

/** Generation settings. */
export interface SampleOptions {
  /** Makes generated strings unique per run (e-mails, names with unique constraints). */
  readonly uniqueToken: string;
  readonly hook?: PropertyHook;
  /** Include optional properties (default true). */
  readonly optionalProperties?: boolean;
  /**
   * Boundary values instead of typical ones, still schema-valid: integers at `maximum` (without
   * one: 2^63, just past the signed 64-bit range), numbers at their upper bound (else the largest
   * double), strings at `maxLength` (else 1024 characters) unless a format or pattern shapes them.
   * Examples and defaults are skipped; `const` and `enum` are kept.
   */
  readonly extreme?: boolean;
  /**
   * The k-th variation (k ≥ 1) instead of the typical value (`sample-variant.ts`): other enum
   * members, `examples` and `anyOf` options, nulls where allowed, bounds, lengths, formats; k = 1
   * leaves optional properties out. Defaults are skipped. 0 or absent: typical.
   */
  readonly variant?: number;
}

/** Generates one valid value for `schema`. `name` (the property name) shapes strings. */
export function sampleValue(
  schema: JsonSchema | undefined,
  options: SampleOptions,
  name = 'value',
  pointer = '',
): unknown {
  const counter = { n: 0 };
  return sample(asObject(schema), name, pointer, options, counter, 0);
}

function sample(
  input: Obj,
  name: string,
  pointer: string,
  options: SampleOptions,
  counter: { n: number },
  depth: number,
): unknown {
  const schema = mergeAllOf(input);
  const k = options.extreme ? 0 : (options.variant ?? 0);
  const typical = !options.extreme && k === 0;
  const examples = Array.isArray(schema['examples']) ? schema['examples'] : [];
  if (typical && 'example' in schema && schema['example'] !== null) return schema['example'];
  if (typical && examples.length > 0 && examples[0] !== null) return examples[0];
  if (k > 0 && examples.filter((v) => v !== null).length > 1) return variantMember(examples, k);
  if ('const' in schema) return schema['const'];
  if (Array.isArray(schema['enum'])) {
    const value = k > 0 ? variantMember(schema['enum'], k) : schema['enum'].find((v) => v !== null);
    return value === undefined ? null : value;
  }
  if (typical && 'default' in schema && schema['default'] !== null) return schema['default'];
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options_ = schema[key];
    if (Array.isArray(options_) && options_.length > 0) {
      const all = options_.map((o) => asObject(o as JsonSchema));
      const isNull = (o: Obj) => typesOf(o).length === 0 && o['type'] === 'null';
      const pick = k > 0 ? all[variantOption(all.length, k)]! : (all.find((o) => !isNull(o)) ?? {});
      if (isNull(pick)) return null;
      const { [key]: _drop, ...rest } = schema;
      void _drop;
      return sample({ ...rest, ...pick }, name, pointer, options, counter, depth);
    }
  }
  // A 3.0 `nullable` (or a 3.1 type array with null) gets its null where an anyOf's second option would.
  if (k > 0 && allowsNull(schema) && variantOption(2, k) === 1) return null;
  const type = typesOf(schema)[0] ?? inferType(schema);
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return k % 2 !== 1;
    case 'integer':
    case 'number':
      return (
        (options.extreme ? extremeNumber(schema, type === 'integer') : undefined) ??
        (k > 0 ? variantNumber(schema, type === 'integer', k) : undefined) ??
        sampleNumber(schema, type === 'integer')
      );
    case 'array':
      return sampleArray(schema, name, pointer, options, counter, depth);
    case 'object':
      return sampleObject(schema, pointer, options, counter, depth);
    default:
      return sampleString(schema, name, options, counter);
  }
}

function inferType(schema: Obj): string {
  if (schema['type'] === 'null') return 'null';
  if (schema['properties'] || schema['additionalProperties'] !== undefined) return 'object';
  if (schema['items'] || schema['prefixItems']) return 'array';
  if (typeof schema['minimum'] === 'number' || typeof schema['maximum'] === 'number') return 'number';
  return 'string';
}

function sampleObject(
  schema: Obj,
  pointer: string,
  options: SampleOptions,
  counter: { n: number },
  depth: number,
): Obj {
  const out: Obj = {};
  if (depth > 8) return out;
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema['required'] as string[] | undefined) ?? []);
  for (const [prop, raw] of Object.entries(properties)) {
    const propSchema = asObject(raw);
    if (propSchema['readOnly'] === true && !required.has(prop)) continue;
    if (
      !required.has(prop) &&
      (options.optionalProperties === false ||
        (options.variant && !options.extreme && variantOmitsOptional(options.variant)))
    )
      continue;
    const at = `${pointer}/${prop.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const hooked = options.hook?.(prop, propSchema, at);
    out[prop] = hooked ? hooked.value : sample(propSchema, prop, at, options, counter, depth + 1);
  }
  return out;
}

function sampleArray(
  schema: Obj,
  name: string,
  pointer: string,
  options: SampleOptions,
  counter: { n: number },
  depth: number,
): unknown[] {
  if (depth > 8) return [];
  const max = typeof schema['maxItems'] === 'number' ? schema['maxItems'] : Infinity;
  const min = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
  const count =
    options.variant && !options.extreme ? variantItemCount(schema, options.variant) : Math.min(Math.max(min, 1), max);
  const prefix = Array.isArray(schema['prefixItems']) ? (schema['prefixItems'] as JsonSchema[]) : [];
  const items = asObject(schema['items'] as JsonSchema | undefined);
  const singular = name.endsWith('s') ? name.slice(0, -1) : name;
  const values: unknown[] = [];
  for (let i = 0; i < Math.max(count, prefix.length); i++) {
    values.push(sample(asObject(prefix[i] ?? items), singular, `${pointer}/${i}`, options, counter, depth + 1));
  }
  if (schema['uniqueItems'] === true) return [...new Map(values.map((v) => [JSON.stringify(v), v])).values()];
  return values;
}

/** The upper boundary of a numeric schema, or undefined when `multipleOf` makes it a typical sample's job. */
function extremeNumber(schema: Obj, integer: boolean): number | undefined {
  if (schema['multipleOf'] !== undefined) return undefined;
  let max = typeof schema['maximum'] === 'number' ? schema['maximum'] : Infinity;
  if (typeof schema['exclusiveMaximum'] === 'number')
    max = Math.min(
      max,
      integer
        ? Math.ceil(schema['exclusiveMaximum']) - 1
        : schema['exclusiveMaximum'] - Math.abs(schema['exclusiveMaximum']) * 1e-9 - 1e-9,
    );
  else if (schema['exclusiveMaximum'] === true) max = integer ? Math.ceil(max) - 1 : max - Math.abs(max) * 1e-9 - 1e-9;
  if (!Number.isFinite(max)) return integer ? 2 ** 63 : Number.MAX_VALUE;
  const value = integer ? Math.floor(max) : max;
  const min = typeof schema['minimum'] === 'number' ? schema['minimum'] : -Infinity;
  return value >= min ? value : undefined;
}

function sampleNumber(schema: Obj, integer: boolean): number {
  let min = typeof schema['minimum'] === 'number' ? schema['minimum'] : -Infinity;
  let max = typeof schema['maximum'] === 'number' ? schema['maximum'] : Infinity;
  const step = integer ? 1 : 0.01;
  if (typeof schema['exclusiveMinimum'] === 'number') min = Math.max(min, schema['exclusiveMinimum'] + step);
  else if (schema['exclusiveMinimum'] === true) min += step;
  if (typeof schema['exclusiveMaximum'] === 'number') max = Math.min(max, schema['exclusiveMaximum'] - step);
  else if (schema['exclusiveMaximum'] === true) max -= step;
  const preferred = integer ? 1 : 9.99;
  let value =
    preferred >= min && preferred <= max
      ? preferred
      : Number.isFinite(min)
        ? min
        : Number.isFinite(max)
          ? max
          : preferred;
  const multipleOf = schema['multipleOf'];
  if (typeof multipleOf === 'number' && multipleOf > 0) {
    value = Math.ceil(value / multipleOf) * multipleOf;
    if (value > max) value = Math.floor(max / multipleOf) * multipleOf;
    value = Number(value.toFixed(10));
  }
  if (integer) value = Math.ceil(value) <= max ? Math.ceil(value) : Math.floor(value);
  return value;
}

const FORMATS: Record<string, (name: string, unique: string) => string> = {
  email: (name, unique) => `smoke.${slug(name)}.${unique}@example.com`,
  'idn-email': (name, unique) => `smoke.${slug(name)}.${unique}@example.com`,
  uuid: (_name, unique) => uuidFrom(unique),
  'date-time': () => '2024-01-15T12:00:00Z',
  date: () => '2024-01-15',
  time: () => '12:00:00Z',
  duration: () => 'PT1H',
  uri: (name, unique) => `https://example.com/${slug(name)}/${unique}`,
  url: (name, unique) => `https://example.com/${slug(name)}/${unique}`,
  'uri-reference': (name, unique) => `/${slug(name)}/${unique}`,
  hostname: () => 'example.com',
  'idn-hostname': () => 'example.com',
  ipv4: () => '127.0.0.1',
  ipv6: () => '::1',
  byte: () => 'c21va2U=',
  binary: () => 'smoke',
  password: () => 'Sm0ke-Passw0rd!',
  'json-pointer': () => '/a/b',
  regex: () => '^a+$',
};

function sampleString(schema: Obj, name: string, options: SampleOptions, counter: { n: number }): string {
  counter.n += 1;
  const unique = `${options.uniqueToken}${counter.n}`;
  const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
  const max = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Infinity;
  const format = typeof schema['format'] === 'string' ? schema['format'] : undefined;
  const pattern = typeof schema['pattern'] === 'string' ? schema['pattern'] : undefined;
  if (options.extreme && !format && !pattern) {
    const length = Math.max(min, Number.isFinite(max) ? max : 1024);
    const base = `${slug(name)}-${unique}-`;
    return base.length <= length
      ? base + 'x'.repeat(length - base.length)
      : keepUnique(base.slice(0, -1), unique, length);
  }
  const varied =
    options.variant && !options.extreme ? variantString(schema, slug(name), unique, options.variant) : undefined;
  if (varied !== undefined) return varied;
  let value = format && FORMATS[format] ? FORMATS[format](name, unique) : `${slug(name)}-${unique}`;
  if (pattern && !safeTest(pattern, value)) value = sampleFromPattern(pattern, unique) ?? value;
  if (value.length < min) value = value + 'x'.repeat(min - value.length);
  if (value.length > max) value = format || pattern ? value.slice(0, max) : keepUnique(value, unique, max);
  return value;
}

function keepUnique(value: string, unique: string, max: number): string {
  if (max >= unique.length + 2) return `${value.slice(0, max - unique.length - 1)}-${unique}`;
  return unique.slice(-max);
}

function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true;
  }
}

function slug(name: string): string {
  return (
    name
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'value'
  );
}

function uuidFrom(seed: string): string {
  let h = 0x811c9dc5;
  const hex: string[] = [];
  for (let i = 0; i < 32; i++) {
    h ^= seed.charCodeAt(i % seed.length) + i;
    h = Math.imul(h, 0x01000193) >>> 0;
    hex.push((h & 0xf).toString(16));
  }
  hex[12] = '4';
  hex[16] = '8';
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
