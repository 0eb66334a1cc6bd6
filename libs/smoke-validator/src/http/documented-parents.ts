/**
 * A create refused under the run's own parent is sent again under the contract's example parent.
 * The positive request of `POST /wheels/{wheel_id}/turnings` pairs the contract's example body
 * (a turning dated for the documented wheel) with a wheel the run created (made on another day):
 * the app's 422 then says more about the smoke's mix of data than about the app. The contract
 * documents the example body with the example parent, so that pair is the request to judge.
 */
import type { HttpFailure, HttpResponse } from './http-client.js';
import type { Binding, Scenario } from './scenario.js';

// A refusal of the request's data (a cross-field check): not a missing parent (404), a conflict
// (409) or a credential (401/403), which the documented parent would only hide.
const RETRIED = (status: number) => status === 400 || status === 422;

/**
 * The parent path ids of a refused POST the contract gives examples for that the run filled with
 * other ids: send again with those examples. Never the resource a request changes (a POST acts on
 * no existing target), and nothing when the answer was no refusal.
 */
export function documentedParents(
  s: Scenario,
  values: ReadonlyMap<string, unknown>,
  response: HttpResponse | HttpFailure,
): Binding[] {
  if (s.method.toUpperCase() !== 'POST' || s.documentedIds || !response.ok || !RETRIED(response.status)) return [];
  return s.bindings.filter(
    (b) =>
      b.in === 'path' &&
      b.example !== undefined &&
      values.has(`path:${b.name}`) &&
      String(values.get(`path:${b.name}`)) !== String(b.example),
  );
}
