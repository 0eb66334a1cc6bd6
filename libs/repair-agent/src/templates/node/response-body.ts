import { objectShape } from '../python/contract-schema.js';

/**
 * The JSON of a response excerpt, or null. The smoke keeps only the first 2 KiB of a body, so a
 * long list arrives cut: its complete leading items are kept (the text closed after the last
 * complete object), which is all a template reading one item's keys needs.
 */
export function parseExcerpt(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // cut: fall through
  }
  const ends = [...text.matchAll(/}/g)].map((m) => m.index + 1).reverse();
  for (const end of ends.slice(0, 40)) {
    const closers = openBrackets(text.slice(0, end));
    if (closers === null) continue;
    try {
      return JSON.parse(text.slice(0, end) + closers);
    } catch {
      // not a value boundary (a `}` inside a string): try an earlier one
    }
  }
  return null;
}

// The brackets a JSON prefix leaves open, as the text that closes them (null inside a string).
function openBrackets(prefix: string): string | null {
  const stack: string[] = [];
  let inString = false;
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') stack.push('}');
    else if (c === '[') stack.push(']');
    else if (c === '}' || c === ']') stack.pop();
  }
  return inString ? null : stack.reverse().join('');
}

/** The value at a JSON pointer (`/byPlan/0`; `` or `(body)` for the root), or undefined. */
export function valueAt(body: unknown, pointer: string): unknown {
  let at: unknown = body;
  for (const segment of segments(pointer)) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[segment];
  }
  return at;
}

/** The schema at a JSON pointer into a body it documents (array indexes step into `items`), or null. */
export function schemaAt(schema: Record<string, unknown> | null, pointer: string): Record<string, unknown> | null {
  let at: Record<string, unknown> | null = schema;
  for (const segment of segments(pointer)) {
    if (!at) return null;
    if (/^\d+$/.test(segment) && at['items'] && typeof at['items'] === 'object')
      at = at['items'] as Record<string, unknown>;
    else at = objectShape(at)?.properties[segment] ?? null;
  }
  return at;
}

/** The JSON type of a value as a schema names it (`integer` for whole numbers, also `number`). */
export function jsonTypes(value: unknown): string[] {
  if (value === null) return ['null'];
  if (Array.isArray(value)) return ['array'];
  if (typeof value === 'number') return Number.isInteger(value) ? ['integer', 'number'] : ['number'];
  return [typeof value];
}

function segments(pointer: string): string[] {
  if (pointer === '' || pointer === '(body)') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * The fields a 2xx body holds as `{}` where the contract wants something else: a scalar or a list
 * (`/seatsLeft must be integer`), or an object whose required properties are all missing (`/byStatus
 * must have required property 'quoted'`). JSON makes `{}` of a Promise, a Map, a Set.
 */
export function emptyObjectFields(
  violations: readonly { actualStatus: number | null; responseExcerpt: string; message: string }[],
): Set<string> {
  const fields = new Set<string>();
  for (const v of violations) {
    if (v.actualStatus === null || v.actualStatus < 200 || v.actualStatus >= 300) continue;
    const body = parseExcerpt(v.responseExcerpt);
    for (const m of v.message.matchAll(
      /(\/\S*\/)?([A-Za-z_$][\w$]*) must (?:be (?:integer|number|string|boolean|array)|have required property)/g,
    )) {
      const value = valueAt(body, `${m[1] ?? '/'}${m[2]!}`);
      if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)
        fields.add(m[2]!);
    }
  }
  return fields;
}
