/**
 * A refusal that quotes a value the request never sent: `404 {"message": "Besom NaN not found"}`
 * for `?ids=1,2,3`, or "Unknown gauge undefined" for a body that names the gauge. The app failed
 * to read what it was sent (a parse in the wrong radix, a misspelt field) and then refused the
 * broken value, so a documented 404 or 400 there is the app's bug, not the data's: it counts as a
 * failure, never as a pass or a missing example.
 */
import type { CheckFailure } from './check-response.js';
import type { SentRequest } from './build-request.js';
import type { HttpResponse } from './http-client.js';

// What JavaScript writes for a value it could not read, as a whole word of the message.
const BROKEN = ['NaN', 'undefined', '[object Object]', 'Invalid Date'];

/** The failure when a 4xx answer quotes a broken value the request does not contain, else undefined. */
export function garbledRefusal(
  request: SentRequest,
  response: HttpResponse,
  expectedStatuses: readonly number[],
): CheckFailure | undefined {
  if (response.status < 400 || response.status >= 500) return undefined;
  const sent = `${request.url} ${request.body ?? ''}`;
  const quoted = BROKEN.find((word) => quotes(response.body, word) && !sent.includes(word));
  if (quoted === undefined) return undefined;
  const want = expectedStatuses.filter((s) => s < 400);
  return {
    kind: 'status_mismatch',
    message:
      `expected ${want.length > 0 ? want.join('/') : 'success'}, got HTTP ${response.status}: ` +
      `the refusal quotes ${quoted}, which the request did not send (a value the app failed to read)`,
  };
}

function quotes(body: string, word: string): boolean {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_$])${escaped}($|[^A-Za-z0-9_$])`).test(body);
}
