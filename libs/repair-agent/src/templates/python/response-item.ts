import type { JsonSchema } from '@smoke-repair/smoke-validator';
import { objectShape, successSchema } from './contract-schema.js';

// Where a value on a line goes in the response: the keyword or dict key it is given to, and its documented field.

/** The documented success object (a list endpoint's item). */
export function responseShape(operation: Parameters<typeof successSchema>[0]) {
  const schema = successSchema(operation);
  return objectShape(schema) ?? objectShape((schema?.['items'] as JsonSchema | undefined) ?? null);
}

/**
 * The argument or dict value holding index `at` of a line (`masked`: its strings masked), and the keyword or string
 * key it is given to; conversions wrapping it (`float(round(x, 2))`) are part of the value.
 */
export function itemAround(
  text: string,
  masked: string,
  at: number,
): { start: number; end: number; field: string } | null {
  let depth = 0;
  let start = at;
  // Conversions wrapping this one (`float(round(x, 2))`) are part of the value: their calls are stepped out of.
  let wrappers = 0;
  for (; start > 0; start--) {
    const ch = masked[start - 1]!;
    if (')]}'.includes(ch)) depth++;
    else if ('([{'.includes(ch)) {
      if (depth === 0 && ch === '(' && /(?<![\w.])(?:round|float|int|abs|Decimal)$/.test(masked.slice(0, start - 1))) {
        start = start - 1 - /\w+$/.exec(masked.slice(0, start - 1))![0].length + 1;
        wrappers++;
        continue;
      }
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (ch === ',' || ch === ':' || (ch === '=' && !'=<>!'.includes(masked[start - 2] ?? ''))))
      break;
  }
  depth = 0;
  let end = at;
  for (; end < masked.length; end++) {
    const ch = masked[end]!;
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) {
      if (depth === 0 && wrappers === 0) break;
      if (depth === 0) wrappers--;
      else depth--;
    } else if (depth === 0 && wrappers === 0 && ch === ',') break; // a wrapper's own arguments: `round(x, 2)`
  }
  const before = masked.slice(0, start);
  const keyword = /(?<![=<>!])\b(\w+)\s*=$/.exec(before)?.[1];
  // A dict key is a string, masked: read from the source.
  const key = /["'](\w+)["']\s*:$/.exec(text.slice(0, start))?.[1];
  const field = keyword ?? key;
  return field ? { start, end, field } : null;
}
