/**
 * The schema a response schema gives the property `field`, at any depth (object properties, array
 * items, `allOf` members; the shallowest first found), or null when it documents no such field.
 */
export function documentedField(schema: unknown, field: string, depth = 0): Record<string, unknown> | null {
  if (!schema || typeof schema !== 'object' || depth > 6) return null;
  const s = schema as Record<string, unknown>;
  const properties = (s['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  if (properties[field] && typeof properties[field] === 'object') return properties[field];
  for (const next of [s['items'], ...Object.values(properties), ...((s['allOf'] as unknown[]) ?? [])]) {
    const found = documentedField(next, field, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * The fields a cause's schema violations say must be numbers (`/0/priceCents must be integer`,
 * `/average must be number`): the last segment of each pointer.
 */
export function mistypedNumberFields(cause: { violations: readonly { message: string }[] }): Set<string> {
  return new Set(
    cause.violations.flatMap((v) =>
      [...v.message.matchAll(/\/(?:[^\s/]+\/)*([A-Za-z_$][\w$]*) must be (?:number|integer)/g)].map((m) => m[1]!),
    ),
  );
}
