/**
 * Per-run unique values across the scenarios of one run (one value: `unique-value.ts`). A
 * scenario that creates or changes a resource (a create, an update, a write documented with 201)
 * gets a suffix from the seed and its own id on every value that plausibly collides (e-mails,
 * usernames, slugs, SKUs, codes, names and titles), so no two runs and no two scenarios write the
 * same one; a scenario that names such a value later (a login after a register, a code applied
 * after its create, a lookup by e-mail) gets the same replacement. Strings the generator made up
 * already carry the scenario's token and stay as they are; so do values no suffix fits.
 */
import type { ApiOperation } from '../openapi/api-model.js';
import type { Scenario } from '../scenario.js';
import { asObject } from './schema-utils.js';
import { seededDigits, seededToken } from './seed.js';
import { fitsString, isCollidingField, stringSchemaOf, uniqueForm, type Suffix } from './unique-value.js';

type Obj = Record<string, unknown>;
type Visit = (value: string, schema: Obj, name: string) => string;

/** What `makeValuesUnique` needs besides the scenarios. */
export interface UniqueValuesContext {
  readonly seed: string;
  readonly operations: readonly ApiOperation[];
  /** Whether the scenario writes the values it sends (they must not collide). */
  readonly isCreator: (s: Scenario) => boolean;
  /** The token the generator put into this scenario's made-up strings. */
  readonly tokenOf: (s: Scenario) => string;
}

/** The scenarios with colliding example values made unique (new objects; the input is not changed). */
export function makeValuesUnique(scenarios: readonly Scenario[], ctx: UniqueValuesContext): Scenario[] {
  const operations = new Map(ctx.operations.map((o) => [o.endpoint, o]));
  const replacements = new Map<string, string>(); // original value → the first creator's unique one
  const out = [...scenarios];
  const rewrite = (index: number, creator: boolean) => {
    const s = scenarios[index]!;
    const op = operations.get(s.endpoint);
    if (!op || s.origin !== 'openapi') return;
    const token = ctx.tokenOf(s);
    const suffix: Suffix = {
      token: seededToken(ctx.seed, ['unique', s.id]),
      digits: seededDigits(ctx.seed, ['unique', s.id]),
    };
    const made: string[] = [];
    const visit: Visit = (value, schema, name) => {
      if (!isCollidingField(name) || value.includes(token)) return value;
      const stringSchema = stringSchemaOf(schema);
      if (!stringSchema) return value;
      if (!creator) {
        const known = replacements.get(value);
        return known !== undefined && fitsString(known, stringSchema) ? known : value;
      }
      const unique = uniqueForm(value, stringSchema, suffix);
      if (unique === undefined) return value;
      if (!replacements.has(value)) replacements.set(value, unique);
      made.push(unique);
      return unique;
    };
    const bound = new Set(s.bindings.map((b) => `${b.in}:${b.name}`));
    const params = (where: 'path' | 'query', values: Readonly<Record<string, string>>) =>
      Object.fromEntries(
        Object.entries(values).map(([name, value]) => {
          const param = op.parameters.find((p) => p.in === where && p.name === name);
          return [name, param && !bound.has(`${where}:${name}`) ? visit(value, asObject(param.schema), name) : value];
        }),
      );
    out[index] = {
      ...s,
      pathParams: params('path', s.pathParams),
      query: params('query', s.query),
      ...(s.body !== undefined ? { body: walk(s.body, asObject(op.requestBody?.schema), 'body', visit, 0) } : {}),
    };
    if (made.length > 0)
      out[index] = {
        ...out[index]!,
        documentValues: {
          pathParams: s.pathParams,
          query: s.query,
          ...(s.body !== undefined ? { body: s.body } : {}),
          unique: made,
        },
      };
  };
  // Creators first, whatever their place in the document: references then find their values.
  scenarios.forEach((s, i) => ctx.isCreator(s) && rewrite(i, true));
  scenarios.forEach((s, i) => !ctx.isCreator(s) && rewrite(i, false));
  return out;
}

/** `value` with every string under a property visited (arrays keep their property's name). */
function walk(value: unknown, schema: Obj, name: string, visit: Visit, depth: number): unknown {
  if (typeof value === 'string') return visit(value, schema, name);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  const options = [
    schema,
    ...['anyOf', 'oneOf', 'allOf'].flatMap((k) =>
      Array.isArray(schema[k]) ? (schema[k] as unknown[]).map((o) => asObject(o as Obj)) : [],
    ),
  ];
  if (Array.isArray(value)) {
    const items = options.map((o) => o['items']).find((i) => i !== undefined && typeof i === 'object') as
      | Obj
      | undefined;
    return value.map((v) => walk(v, items ?? {}, name, visit, depth + 1));
  }
  const propertyOf = (key: string): Obj =>
    asObject(
      options.map((o) => (o['properties'] as Record<string, Obj> | undefined)?.[key]).find((p) => p !== undefined),
    );
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, walk(v, propertyOf(key), key, visit, depth + 1)]),
  );
}
