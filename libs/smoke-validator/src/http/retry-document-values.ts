/**
 * The second send of a write refused as naming something unknown after its values were made
 * unique, with the contract's own values instead. `makeValuesUnique` suffixes codes and names so
 * that creates do not collide run after run, but some such fields name another record: a reading
 * posted with `gaugeCode: "GW-OSN-01"` belongs to the gauge of that code, and `GW-OSN-01-k3`
 * is answered 404 "unknown gauge". The contract documents its example body as a whole, so the
 * request it vouches for is the unsuffixed one.
 */
import { buildRequest } from './build-request.js';
import type { HttpFailure, HttpResponse } from './http-client.js';
import type { Scenario } from './scenario.js';
import type { Exchange, RetryContext } from './retry-documented-parents.js';

/**
 * Whether `response` refused one of the values `s` made unique as unknown: a 404 (nothing else in
 * a create names a record the run did not make), or a 400/422 that quotes the suffixed value.
 * Never for an invalid variant (its refusal is the point) or a scenario nothing was made unique in.
 */
export function refusedUniqueValue(s: Scenario, response: HttpResponse | HttpFailure): boolean {
  if (!s.documentValues || s.variant === 'invalid' || !response.ok) return false;
  if (response.status === 404) return true;
  if (response.status !== 400 && response.status !== 422) return false;
  const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? '');
  return s.documentValues.unique.some((v) => text.includes(v));
}

/**
 * Sends `s` again with its document values: the exchange to judge is the retry when it passed or
 * failed outright (a 5xx, a crash, no answer), else `first`. What happened is pushed onto `notes`.
 */
export async function retryWithDocumentValues(
  s: Scenario,
  first: Exchange,
  { values, variables, options, sendGuarded }: RetryContext,
  notes: string[],
): Promise<Exchange> {
  const document = s.documentValues!;
  const refused = first.sent.response.ok ? first.sent.response.status : 0;
  const original: Scenario = {
    ...s,
    pathParams: document.pathParams,
    query: document.query,
    ...(document.body !== undefined ? { body: document.body } : {}),
  };
  const again = buildRequest(original, values, variables, options);
  const second = await sendGuarded(s, again, []);
  const said = document.unique.map((v) => JSON.stringify(v)).join(', ');
  if ('blocked' in second) {
    notes.push(
      `refused (${refused}) with the unique values ${said}; not sent again: ${second.blocked.notes.join('; ')}`,
    );
    return first;
  }
  const status = !second.crash && second.response.ok ? second.response.status : null;
  const taken = status === null || status < 300 || status >= 500;
  notes.push(
    taken
      ? `refused (${refused}) with the unique values ${said}; sent again with the contract's own values`
      : `refused (${refused}) with the unique values ${said}; ` +
          "with the contract's own values too, so the first answer stands",
  );
  return taken ? { request: again, sent: second } : first;
}
