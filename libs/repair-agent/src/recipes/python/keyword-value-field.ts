import { splitSource } from '../../python/python-edits.js';
import type { CallSummary } from '../../python/module-summary.js';
import { maskStrings } from '../../templates/python/expression-text.js';

/**
 * The field a refused keyword's own value names: `Ticket(registration=payload.vehicle_reg.upper())`
 * reads `vehicle_reg`, a column the call does not set, so the keyword meant that column. Only one
 * such attribute in the value, and only among the fields still free (`pool`): a value naming none,
 * or two, gives nothing.
 */
export function keywordValueField(
  source: string,
  call: CallSummary,
  keyword: string,
  pool: readonly string[],
): string | undefined {
  const text = splitSource(source)
    .lines.slice(call.line - 1, call.endLine)
    .map(maskStrings)
    .join('\n');
  const at = new RegExp(`(?<![\\w.])${keyword}\\s*=(?!=)`).exec(text);
  if (!at) return undefined;
  // The value: up to the comma or bracket that closes it at its own depth.
  let depth = 0;
  let end = at.index + at[0].length;
  for (; end < text.length; end++) {
    const ch = text[end]!;
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) {
      if (depth === 0) break;
      depth--;
    } else if (ch === ',' && depth === 0) break;
  }
  const value = text.slice(at.index + at[0].length, end);
  const named = new Set([...value.matchAll(/\.([A-Za-z_]\w*)\b(?!\s*\()/g)].map((m) => m[1]!));
  const fields = [...named].filter((n) => pool.includes(n));
  return fields.length === 1 ? fields[0] : undefined;
}
