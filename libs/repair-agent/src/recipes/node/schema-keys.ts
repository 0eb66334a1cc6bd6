/** A JSON type a key's value is documented as: text, or a number (`integer` or `number`). */
export type DocumentedType = 'string' | 'number';

/**
 * The property names a response schema documents with one type only, at any depth (sorted,
 * distinct): `'string'` names the keys typed `string`, `'number'` those typed `integer` or
 * `number` (a type list naming both text and a number is neither).
 */
export function documentedKeys(
  schema: Record<string, unknown> | null,
  type: DocumentedType,
  seen = new Set<unknown>(),
): string[] {
  const out = new Set<string>();
  const visit = (node: unknown) => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const record = node as Record<string, unknown>;
    const properties = record['properties'];
    if (properties && typeof properties === 'object') {
      for (const [name, child] of Object.entries(properties as Record<string, unknown>)) {
        if (child && typeof child === 'object' && typeOf((child as Record<string, unknown>)['type']) === type)
          out.add(name);
        visit(child);
      }
    }
    for (const key of ['items', 'additionalProperties']) visit(record[key]);
    for (const key of ['allOf', 'anyOf', 'oneOf'])
      if (Array.isArray(record[key])) (record[key] as unknown[]).forEach(visit);
  };
  visit(schema);
  return [...out].sort();
}

/** The property names a response schema documents as strings, at any depth (sorted, distinct). */
export function stringKeys(schema: Record<string, unknown> | null): string[] {
  return documentedKeys(schema, 'string');
}

function typeOf(type: unknown): DocumentedType | null {
  const types = Array.isArray(type) ? type : [type];
  const text = types.includes('string');
  const number = types.includes('integer') || types.includes('number');
  return text && !number ? 'string' : number && !text ? 'number' : null;
}
