/**
 * The second send of a create refused under the run's own parents, under the contract's example
 * parents instead (`documentedParents` says which, and why), and which of the two answers is the
 * one to judge.
 */
import { buildRequest, type SentRequest } from './build-request.js';
import type { ExecuteOptions } from './execute-options.js';
import type { Binding, Scenario } from './scenario.js';
import type { SendGuarded, Sent } from './send-guarded.js';

/** A request sent and its answer. */
export interface Exchange {
  readonly request: SentRequest;
  readonly sent: Sent;
}

/** What a retry sends with: the run's bound values and captured variables, its options and its send. */
export interface RetryContext {
  /** Binding key (`in:name`) → the value the first request was sent with. */
  readonly values: ReadonlyMap<string, unknown>;
  readonly variables: ReadonlyMap<string, unknown>;
  readonly options: ExecuteOptions;
  readonly sendGuarded: SendGuarded;
}

/**
 * Sends `s` again with `parents` (from `documentedParents`, not empty) set to their examples: the
 * exchange to judge is the retry when that one passed or failed outright, else `first`. `own` is
 * false for a retry under another path parent: what it created provides no ids. What happened is pushed onto `notes`.
 */
export async function retryUnderDocumentedParents(
  s: Scenario,
  parents: readonly Binding[],
  first: Exchange,
  { values, variables, options, sendGuarded }: RetryContext,
  notes: string[],
): Promise<Exchange & { readonly own: boolean }> {
  const refused = first.sent.response.ok ? first.sent.response.status : 0;
  const retried = new Map(values);
  for (const b of parents) retried.set(`${b.in}:${b.name}`, b.example);
  const again = buildRequest(s, retried, variables, options);
  const second = await sendGuarded(s, again, []);
  const said = parents.map((b) => `${b.field} ${JSON.stringify(b.example)}`).join(', ');
  if ('blocked' in second) {
    notes.push(`refused (${refused}); not sent again: ${second.blocked.notes.join('; ')}`);
    return { ...first, own: true };
  }
  const status = !second.crash && second.response.ok ? second.response.status : null;
  // Passed under the documented parent; or the documented request itself fails (a 5xx, a crash, no
  // answer), which is the failure to report. Refused there too: the first answer stands.
  const taken = status === null || status < 300 || status >= 500;
  notes.push(
    status !== null && status < 300
      ? `refused (${refused}) under the run's own parent; sent again under the contract's example ${said}`
      : taken
        ? `refused (${refused}) under the run's own parent; under the contract's example ${said} it failed`
        : `refused (${refused}); under the contract's example ${said} too, so the first answer stands`,
  );
  // Made under another path parent, the record lives under that parent: its id is no use to the
  // run's children. Only other references in the body, it is the run's own like any create.
  const own = parents.every((b) => b.in === 'body');
  return taken ? { request: again, sent: second, own } : { ...first, own: true };
}
