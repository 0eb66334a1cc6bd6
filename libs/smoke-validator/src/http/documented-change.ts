/**
 * The verdict on a change sent to the contract's example record (`PATCH /x/{id} [documented ids]`,
 * `generate/documented-change-scenario.ts`). Conservative: the record is the app's own, whose state
 * the smoke does not know, so only what no state excuses fails it — a 5xx, a crash, a timeout or
 * no answer (the bug class: the app's own rows differ from the ones it creates, a seed row held
 * frozen), or a 2xx whose body breaks the documented schema. Any other answer (a 4xx: a seeded
 * record in a state that refuses the change, or one this app does not hold) leaves it blocked —
 * but a 404 worded the way the app answers a path no route serves (execute-scenarios.ts, its
 * no-route probe) fails it: no record's state explains a route missing for that method.
 */
import type { HttpResponse } from './http-client.js';
import type { Scenario } from './scenario.js';

/** Whether `s` changes the record the contract's path examples name (a PUT or PATCH variant). */
export function isDocumentedChange(s: Scenario): boolean {
  return s.documentedIds === true && s.method.toUpperCase() !== 'GET';
}

/**
 * Why a documented change may not be sent at all, or undefined: only where changing the app's own
 * data is allowed (`smoke.documentedTargets`) — a plain smoke never changes a record it did not
 * create. The generator leaves the variant out there already; this holds for any plan.
 */
export function documentedChangeForbidden(s: Scenario, documentedTargets: boolean): string | undefined {
  if (!isDocumentedChange(s) || documentedTargets) return undefined;
  return `not sent: ${s.method} on the contract's example changes the app's own data (smoke.documentedTargets is off)`;
}

/**
 * The note of a documented change whose answer is no verdict (neither 2xx nor 5xx), or undefined
 * when the usual checks judge it. `exampleNotes` name the examples sent. No `: ` after the example:
 * the loop reads `is the contract's example …: …` as an id that stood in for a missing provider.
 */
export function documentedChangeRefused(
  s: Scenario,
  response: HttpResponse,
  exampleNotes: readonly string[],
): string | undefined {
  if (!isDocumentedChange(s)) return undefined;
  const status = response.status;
  if ((status >= 200 && status < 300) || status >= 500) return undefined;
  return (
    `${exampleNotes.join('; ')}; the contract's example answered ${status} ` +
    '(a seeded record may be in a state that refuses the change, or not exist)'
  );
}
