import type { ApiModel } from '@smoke-repair/smoke-validator';

// The contract's words for a rounded number: `rounded to 2 places`, `rounded to 1 decimal place`,
// `rounded to 2 decimals`.
const ROUNDED = /\bround(?:ed)?\s+(?:off\s+)?to\s+(\d)\s+(?:decimal\s+)?(?:places?|decimals?|digits?|dp)\b/i;
// How deep a response schema is walked (items of items of objects…).
const DEPTH = 6;

/**
 * The decimal places the contract documents for a response property named `name` (its
 * description says `rounded to 2 places`), or null when no response schema of any operation
 * documents that property as rounded. Only response schemas count: the rounding is what the
 * answer promises, not what a request may send.
 */
export function documentedRounding(contract: ApiModel | null, name: string): number | null {
  for (const operation of contract?.operations ?? [])
    for (const response of operation.responses) {
      const places = placesIn(response.schema, name, DEPTH);
      if (places !== null) return places;
    }
  return null;
}

function placesIn(schema: unknown, name: string, depth: number): number | null {
  if (!schema || typeof schema !== 'object' || depth === 0) return null;
  const node = schema as Record<string, unknown>;
  const properties = node['properties'];
  if (properties && typeof properties === 'object') {
    const own = (properties as Record<string, unknown>)[name];
    const text = own && typeof own === 'object' ? (own as Record<string, unknown>)['description'] : undefined;
    const m = typeof text === 'string' ? ROUNDED.exec(text) : null;
    if (m) return Number(m[1]);
    for (const child of Object.values(properties)) {
      const found = placesIn(child, name, depth - 1);
      if (found !== null) return found;
    }
  }
  for (const key of ['items', 'additionalProperties']) {
    const found = placesIn(node[key], name, depth - 1);
    if (found !== null) return found;
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const members = node[key];
    if (Array.isArray(members))
      for (const member of members) {
        const found = placesIn(member, name, depth - 1);
        if (found !== null) return found;
      }
  }
  return null;
}
