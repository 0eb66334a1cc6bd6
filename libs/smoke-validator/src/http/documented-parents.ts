/**
 * A create refused under the run's own parent is sent again under the contract's example parent.
 * The positive request of `POST /wheels/{wheel_id}/turnings` pairs the contract's example body
 * (a turning dated for the documented wheel) with a wheel the run created (made on another day):
 * the app's 422 then says more about the smoke's mix of data than about the app. The contract
 * documents the example body with the example parent, so that pair is the request to judge.
 * References in the body count alike: `POST /swaps {grower_id, lot_id}` with the run's own
 * grower and the lot that grower just deposited is refused 409 ("cannot swap for their own
 * seed"), while the documented pair (grower 1, lot 5) is the request the contract vouches for.
 * A parent the run only found in a listing is in whatever state the app keeps it in (the first
 * booking listed is a completed one, which takes no work orders): its 409 is retried alike.
 */
import type { HttpFailure, HttpResponse } from './http-client.js';
import { mutatesTarget } from './resolve-bindings.js';
import type { Binding, Scenario } from './scenario.js';

// A refusal of the request's data (a cross-field check, or a conflict between the records the run
// paired): not a missing parent (404) or a credential (401/403), which the documented one would hide.
const RETRIED = (status: number) => status === 400 || status === 409 || status === 422;

/**
 * The parent path ids and body references of a refused POST the contract gives examples for that
 * the run filled with other ids: send again with those examples. Never the record a POST action
 * changes (`/loans/{id}/return`: only the run's own, see `mutatesTarget`), no path parent the run
 * created for a 409 (a conflict under the run's own parent is the app's to explain; a pairing in
 * the body is the run's, and so is the pick of a `listed` record), and nothing when the answer was
 * no refusal.
 */
export function documentedParents(
  s: Scenario,
  values: ReadonlyMap<string, unknown>,
  response: HttpResponse | HttpFailure,
  listed: ReadonlySet<string> = new Set(),
): Binding[] {
  if (s.method.toUpperCase() !== 'POST' || s.documentedIds || !response.ok || !RETRIED(response.status)) return [];
  const conflict = response.status === 409;
  return s.bindings.filter(
    (b) =>
      (b.in === 'body' ||
        (b.in === 'path' && (!conflict || listed.has(`${b.in}:${b.name}`)) && !mutatesTarget(s, b))) &&
      b.example !== undefined &&
      values.has(`${b.in}:${b.name}`) &&
      String(values.get(`${b.in}:${b.name}`)) !== String(b.example),
  );
}

/**
 * The record a change acts on, when the change of the run's own record was refused 409 and the
 * run may change the app's own data (`smoke.documentedTargets`, the repair loop): the run's record
 * is in the state the run made it in (a spoon just roughed out cannot be finished), while the
 * contract's example (`/spoons/2`, carved) is the record it documents the change for. Never for a
 * DELETE, a documented-ids variant, or a target without an example; empty otherwise.
 */
export function documentedTarget(
  s: Scenario,
  values: ReadonlyMap<string, unknown>,
  response: HttpResponse | HttpFailure,
  documentedTargets: boolean,
): Binding[] {
  const method = s.method.toUpperCase();
  if (!documentedTargets || method === 'DELETE' || s.documentedIds || s.variant !== undefined) return [];
  if (!response.ok || response.status !== 409) return [];
  return s.bindings.filter(
    (b) =>
      mutatesTarget(s, b) &&
      b.example !== undefined &&
      values.has(`${b.in}:${b.name}`) &&
      String(values.get(`${b.in}:${b.name}`)) !== String(b.example),
  );
}
