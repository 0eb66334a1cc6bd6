/**
 * Values built to be refused: one documented constraint of a request body broken at a time
 * (a required property left out, a value of the wrong type, a string outside its enum or format,
 * a length or number past its bound), and an id no entity has. Only top-level properties of an
 * object body are broken; everything else in the body stays the valid value it was.
 */
import type { JsonSchema } from '../openapi/api-model.js';
import { asObject, mergeAllOf, typesOf } from './schema-utils.js';
import { seededDigits, seededUuid } from './seed.js';

type Obj = Record<string, unknown>;

/** One broken constraint: the top-level property and its new value (`omit`: left out). */
export interface BrokenField {
  /** `required`, `type`, `enum`, `format` or `bounds`. */
  readonly rule: string;
  readonly field: string;
  /** The value sent instead; absent when `omit`. */
  readonly value?: unknown;
  readonly omit?: boolean;
  /** What the request breaks, for the scenario id (`email format`). */
  readonly label: string;
}

// Strings no format accepts; each carries no '@', no digits of a date and no scheme.
const NOT_FORMATTED: Readonly<Record<string, string>> = {
  email: 'not-an-email',
  date: 'not-a-date',
  'date-time': 'not-a-date-time',
  uuid: 'not-a-uuid',
  uri: 'not a uri',
  url: 'not a url',
};

/**
 * The broken variants of `body` under `schema`, at most one per rule, in rule order; each rule
 * breaks the first property (in the schema's order) it applies to, preferring one `avoid` (bound
 * ids) does not name. `token` makes made-up strings recognisable as the run's own.
 */
export function breakConstraints(
  schema: JsonSchema | undefined,
  body: unknown,
  token: string,
  avoid: ReadonlySet<string> = new Set(),
): BrokenField[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [];
  const object = mergeAllOf(asObject(schema));
  const properties = Object.entries((object['properties'] as Record<string, JsonSchema> | undefined) ?? {})
    .map(([name, s]) => [name, mergeAllOf(asObject(s))] as const)
    .sort(([a], [b]) => Number(avoid.has(a)) - Number(avoid.has(b)));
  const required = new Set(Array.isArray(object['required']) ? (object['required'] as string[]) : []);
  const present = (name: string) => Object.hasOwn(body, name);
  const out: BrokenField[] = [];
  const first = (rule: string, make: (name: string, s: Obj) => Omit<BrokenField, 'rule' | 'field'> | undefined) => {
    for (const [name, s] of properties) {
      const broken = make(name, s);
      if (broken) return void out.push({ rule, field: name, ...broken });
    }
  };
  first('required', (name) =>
    required.has(name) && present(name) ? { omit: true, label: `${name} missing` } : undefined,
  );
  first('type', (name, s) => {
    const value = wrongType(typesOf(s));
    return value !== undefined && present(name) && !s['enum'] ? { value, label: `${name} wrong type` } : undefined;
  });
  first('enum', (name, s) =>
    Array.isArray(s['enum']) && s['enum'].every((m) => typeof m === 'string') && present(name)
      ? { value: `${token}-not-listed`, label: `${name} not in enum` }
      : undefined,
  );
  first('format', (name, s) => {
    const value = typeof s['format'] === 'string' ? NOT_FORMATTED[s['format']] : undefined;
    return value && present(name) && typesOf(s).includes('string') ? { value, label: `${name} format` } : undefined;
  });
  first('bounds', (name, s) => (present(name) ? pastBound(name, s, token) : undefined));
  return out;
}

/** A value of a type the property does not allow (a string property gets a number, others a string). */
function wrongType(types: readonly string[]): unknown {
  if (types.length !== 1) return undefined;
  if (types[0] === 'string') return 12345;
  if (['integer', 'number', 'boolean'].includes(types[0]!)) return 'not-a-number';
  if (types[0] === 'array' || types[0] === 'object') return 'not-a-list';
  return undefined;
}

/** A string shorter or longer than its bounds, a number below or above its range. */
function pastBound(name: string, s: Obj, token: string): Omit<BrokenField, 'rule' | 'field'> | undefined {
  const types = typesOf(s);
  if (types.includes('string') && !s['enum'] && !s['format'] && !s['pattern']) {
    const min = s['minLength'];
    const max = s['maxLength'];
    if (typeof min === 'number' && min >= 1) return { value: token.slice(0, min - 1), label: `${name} too short` };
    if (typeof max === 'number' && max < 100_000)
      return { value: token.padEnd(max + 1, 'x'), label: `${name} too long` };
  }
  if (types.length === 1 && (types[0] === 'integer' || types[0] === 'number')) {
    const step = types[0] === 'integer' ? 1 : 0.5;
    const min = s['minimum'];
    const max = s['maximum'];
    if (typeof min === 'number')
      return { value: s['exclusiveMinimum'] === true ? min : min - step, label: `${name} below minimum` };
    if (typeof s['exclusiveMinimum'] === 'number')
      return { value: s['exclusiveMinimum'], label: `${name} below minimum` };
    if (typeof max === 'number')
      return { value: s['exclusiveMaximum'] === true ? max : max + step, label: `${name} above maximum` };
  }
  return undefined;
}

/**
 * A value for a path id no entity has: a nine-digit number from the seed for an integer (the
 * schema's `maximum` when it is lower), a seeded UUID for a `uuid` string, else `unknown-<token>`
 * (undefined when a `pattern` or `enum` shapes the string: no value is sure to be unknown then).
 */
export function unknownId(schema: JsonSchema, seed: string, parts: readonly string[], token: string): unknown {
  const s = mergeAllOf(asObject(schema));
  const types = typesOf(s);
  if (types.includes('integer') || types.includes('number')) {
    const n = Number(`9${seededDigits(seed, ['unknown', ...parts], 8)}`);
    return typeof s['maximum'] === 'number' && s['maximum'] < n ? s['maximum'] : n;
  }
  if (s['enum'] || s['pattern'] || s['const'] !== undefined) return undefined;
  if (s['format'] === 'uuid') return seededUuid(seed, ['unknown', ...parts]);
  const text = `unknown-${token}`;
  const max = typeof s['maxLength'] === 'number' ? s['maxLength'] : text.length;
  return text.length <= max && text.length >= Number(s['minLength'] ?? 0) ? text : undefined;
}
