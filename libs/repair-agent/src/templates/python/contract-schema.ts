import type { ApiOperation, JsonSchema } from '@smoke-repair/smoke-validator';

/** Whether the operation documents `status` (exactly, or through its `4XX` range). */
export function documents(operation: ApiOperation | null, status: number): boolean {
  const range = `${String(status)[0]}XX`;
  return !!operation?.responses.some((r) => r.status === String(status) || r.status.toUpperCase() === range);
}

/** The first documented 2xx JSON response schema of the operation, when there is one. */
export function successSchema(operation: ApiOperation | null): Record<string, unknown> | null {
  const response = operation?.responses.find(
    (r) => /^2\d\d$|^2XX$/i.test(r.status) && r.schema && typeof r.schema === 'object',
  );
  return response ? (response.schema as Record<string, unknown>) : null;
}

/** An object schema's properties and required names (through one level of `allOf`/`$ref`-resolved wrappers). */
export function objectShape(
  schema: JsonSchema | null | undefined,
): { properties: Record<string, Record<string, unknown>>; required: string[] } | null {
  if (!schema || typeof schema !== 'object') return null;
  const properties = schema['properties'];
  if (properties && typeof properties === 'object') {
    const required = Array.isArray(schema['required']) ? (schema['required'] as string[]) : [];
    return { properties: properties as Record<string, Record<string, unknown>>, required };
  }
  const all = schema['allOf'];
  if (Array.isArray(all) && all.length === 1) return objectShape(all[0] as JsonSchema);
  return null;
}

/**
 * Whether a property schema admits `null` (`type: [..., 'null']`, `nullable`, or an `anyOf`/`oneOf` member of type
 * null).
 */
export function admitsNull(schema: Record<string, unknown>): boolean {
  if (schema['nullable'] === true) return true;
  const type = schema['type'];
  if (type === 'null' || (Array.isArray(type) && type.includes('null'))) return true;
  for (const key of ['anyOf', 'oneOf']) {
    const members = schema[key];
    if (
      Array.isArray(members) &&
      members.some((m) => m && typeof m === 'object' && admitsNull(m as Record<string, unknown>))
    )
      return true;
  }
  return false;
}

/** The JSON types a property schema allows (through `anyOf`/`oneOf`). */
export function typesOf(schema: Record<string, unknown>): string[] {
  const type = schema['type'];
  const own = typeof type === 'string' ? [type] : Array.isArray(type) ? (type as string[]) : [];
  for (const key of ['anyOf', 'oneOf']) {
    const members = schema[key];
    if (Array.isArray(members))
      for (const m of members) if (m && typeof m === 'object') own.push(...typesOf(m as Record<string, unknown>));
  }
  return own;
}

/** The names of the operation's path parameters. */
export function pathParameters(operation: ApiOperation | null): string[] {
  return operation?.parameters.filter((p) => p.in === 'path').map((p) => p.name) ?? [];
}
