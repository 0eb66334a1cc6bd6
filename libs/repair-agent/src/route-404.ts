import type { Violation } from '@smoke-repair/smoke-validator';

/**
 * Whether a 404 reads as "no route matched" rather than a handler's own "not found": the body a
 * framework's fallback gives (`{"detail":"Not Found"}`, `Cannot GET /x`, an HTML page), or one that
 * names the requested path (`Route GET /tickets not found`). A specific message that does not name
 * the path (`Fuel sale 1 not found`) came from a handler that ran: its route is mounted, and the
 * cause is the handler's, not a registration's. Unknown (no body) counts as no route.
 */
export function looksLikeNoRoute(violation: Pick<Violation, 'responseExcerpt' | 'path' | 'method'>): boolean {
  const body = violation.responseExcerpt.trim();
  if (body === '' || body.startsWith('<')) return true;
  const path = violation.path.split('?')[0] ?? violation.path;
  if (path.length > 1 && body.includes(path)) return true;
  if (/\bcannot\s+(get|post|put|patch|delete|head|options)\b/i.test(body)) return true;
  const messages = stringsOf(body);
  if (messages === null) return true;
  return messages.length === 0 || messages.some((m) => /^\s*(404\s*)?(not\s*found|route not found)[.!]?\s*$/i.test(m));
}

// The string values of a JSON body (its messages); null when the body is not JSON.
function stringsOf(body: string): string[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const out: string[] = [];
  const walk = (value: unknown, depth: number): void => {
    if (typeof value === 'string') out.push(value);
    else if (depth < 3 && value && typeof value === 'object') for (const v of Object.values(value)) walk(v, depth + 1);
  };
  walk(parsed, 0);
  return out;
}
