/**
 * Small JSON Schema helpers shared by generation and validation: OpenAPI 3.0 `nullable`,
 * 3.1 type arrays, `allOf` merging.
 */
import type { JsonSchema } from '../openapi/api-model.js';

type Obj = Record<string, unknown>;

/** The schema as an object (`true` → `{}`, `false` → `{ not: {} }`). */
export function asObject(schema: JsonSchema | undefined): Obj {
  if (schema === undefined || schema === true) return {};
  if (schema === false) return { not: {} };
  return schema;
}

/** The non-null types a schema allows (3.0 `type` + `nullable`, 3.1 `type: [..]`). Empty: unspecified. */
export function typesOf(schema: Obj): string[] {
  const t = schema['type'];
  const list = Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];
  return list.filter((x) => x !== 'null');
}

/** True when null is an allowed value. */
export function allowsNull(schema: Obj): boolean {
  const t = schema['type'];
  return schema['nullable'] === true || t === 'null' || (Array.isArray(t) && t.includes('null'));
}

/** Merges `allOf` members into one schema (properties and required united; first scalar wins). */
export function mergeAllOf(schema: Obj): Obj {
  const members = schema['allOf'];
  if (!Array.isArray(members)) return schema;
  const { allOf: _drop, ...rest } = schema;
  void _drop;
  const merged: Obj = {};
  const properties: Obj = {};
  const required = new Set<string>();
  for (const member of [...members.map((m) => mergeAllOf(asObject(m as JsonSchema))), rest]) {
    for (const [k, v] of Object.entries(member)) {
      if (k === 'properties') Object.assign(properties, v as Obj);
      else if (k === 'required') for (const r of v as string[]) required.add(r);
      else if (!(k in merged)) merged[k] = v;
    }
  }
  if (Object.keys(properties).length > 0) merged['properties'] = properties;
  if (required.size > 0) merged['required'] = [...required];
  return merged;
}

/**
 * A copy of an OpenAPI schema in plain JSON Schema (draft 2020-12) for ajv: 3.0 `nullable`
 * becomes a type union, 3.0 boolean `exclusiveMinimum/Maximum` become numbers, OpenAPI-only
 * keywords are dropped.
 */
export function toJsonSchema(schema: JsonSchema): JsonSchema {
  if (typeof schema === 'boolean') return schema;
  const out: Obj = {};
  for (const [k, v] of Object.entries(schema)) {
    if (['nullable', 'discriminator', 'xml', 'externalDocs', 'example', 'deprecated'].includes(k) || k.startsWith('x-'))
      continue;
    if (k === 'properties' || k === 'patternProperties' || k === '$defs' || k === 'definitions') {
      out[k] = Object.fromEntries(Object.entries(v as Obj).map(([name, s]) => [name, toJsonSchema(s as JsonSchema)]));
    } else if (
      ['items', 'additionalProperties', 'not', 'contains', 'propertyNames', 'if', 'then', 'else'].includes(k) &&
      v !== null &&
      typeof v === 'object' &&
      !Array.isArray(v)
    ) {
      out[k] = toJsonSchema(v as JsonSchema);
    } else if (['allOf', 'anyOf', 'oneOf', 'prefixItems'].includes(k) && Array.isArray(v)) {
      out[k] = v.map((s) => toJsonSchema(s as JsonSchema));
    } else if (k === 'items' && Array.isArray(v)) {
      out['prefixItems'] = v.map((s) => toJsonSchema(s as JsonSchema));
    } else out[k] = v;
  }
  if (schema['exclusiveMinimum'] === true && typeof schema['minimum'] === 'number') {
    out['exclusiveMinimum'] = schema['minimum'];
    delete out['minimum'];
  } else if (typeof schema['exclusiveMinimum'] === 'boolean') delete out['exclusiveMinimum'];
  if (schema['exclusiveMaximum'] === true && typeof schema['maximum'] === 'number') {
    out['exclusiveMaximum'] = schema['maximum'];
    delete out['maximum'];
  } else if (typeof schema['exclusiveMaximum'] === 'boolean') delete out['exclusiveMaximum'];
  if (schema['nullable'] === true) {
    if (typeof out['type'] === 'string') out['type'] = [out['type'], 'null'];
    else if (Array.isArray(out['type']) && !out['type'].includes('null')) out['type'] = [...out['type'], 'null'];
    if (Array.isArray(out['enum']) && !out['enum'].includes(null)) out['enum'] = [...out['enum'], null];
    if (out['type'] === undefined && (out['anyOf'] || out['oneOf'] || out['allOf'])) {
      const composite = out;
      return { anyOf: [composite, { type: 'null' }] };
    }
  }
  return out;
}
