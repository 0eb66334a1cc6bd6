import type { Violation } from '@smoke-repair/smoke-validator';

/**
 * Whether a 404 reads as "no route matched" rather than a handler's own "not found": the body a
 * framework's fallback gives (`{"detail":"Not Found"}`, `Cannot GET /x`, an HTML page), or one that
 * names the requested path (`Route GET /tickets not found`). A specific message that does not name
 * the path (`Fuel sale 1 not found`) came from a handler that ran: its route is mounted, and the
 * cause is the handler's, not a registration's. Unknown (no body) counts as no route.
 */
export function looksLikeNoRoute(
  violation: Pick<Violation, 'responseExcerpt' | 'path' | 'method'> & Partial<Pick<Violation, 'message' | 'nodeid'>>,
): boolean {
  // A test's output quotes the body in its assertion (`AssertionError: {"detail":"Artisan 4 not found"}`).
  const quoted =
    violation.nodeid === undefined ? null : quotedBody(`${violation.message ?? ''}\n${violation.responseExcerpt}`);
  const body = (quoted ?? violation.responseExcerpt).trim();
  if (violation.nodeid !== undefined && quoted === null) return true;
  if (body === '' || body.startsWith('<')) return true;
  const path = violation.path.split('?')[0] ?? violation.path;
  if (path.length > 1 && body.includes(path)) return true;
  if (/\bcannot\s+(get|post|put|patch|delete|head|options)\b/i.test(body)) return true;
  const messages = stringsOf(body);
  if (messages === null) return true;
  // An error code beside the handler's own words (`{"error":"NotFound","message":"Session 7 not found"}`):
  // the words name a record, so the handler ran.
  // Not a fallback's own words in other order (`API endpoint not found`, `No route matches`).
  const ownWords = (m: string) => !GENERIC_NOT_FOUND.test(m) && !/\b(route|endpoint|url|path|page|method)s?\b/i.test(m);
  if (messages.some((m) => /not\s*found/i.test(m) && ownWords(m))) return false;
  return messages.length === 0 || messages.some((m) => GENERIC_NOT_FOUND.test(m));
}

// A fallback's words, the framework's or the app's own (`Endpoint not found`): they name no record.
const GENERIC_NOT_FOUND = /^\s*(404\s*)?((route|endpoint|resource|page|path)\s+)?not\s*found[.!]?\s*$/i;

// The first flat JSON object an assertion quotes (`AssertionError: {…}`, pytest's `E   …` lines), or
// null. Not any JSON in the output: a traceback also shows the request's payload.
function quotedBody(text: string): string | null {
  const asserted = text
    .split('\n')
    .filter((line) => /AssertionError:|^E\s/.test(line))
    .join('\n');
  for (const m of asserted.matchAll(/\{"[^{}]*\}/g)) {
    try {
      JSON.parse(m[0]);
      return m[0];
    } catch {
      // not JSON: the next one
    }
  }
  return null;
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
