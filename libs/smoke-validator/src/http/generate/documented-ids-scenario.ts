/**
 * The documented-ids variant of a read (`GET /wheels/{wheel_id} [documented ids]`): its positive
 * request with each path id the contract gives an example for set to that example instead of an
 * id this run created. The positive scenario reads what the smoke itself made, which is new and
 * plain; the documented example names the app's own data (a seed row with tastings, an enum
 * value stored by name, a legacy field), where generated code fails as often. A read only — the
 * smoke never changes data it did not create — and an example the app does not hold (404) leaves
 * it blocked, not failed, as does a failure of the positive read itself (the endpoint's bug is
 * known, and a second crash would only spend a restart) (`executeScenarios`).
 */
import type { ApiOperation } from '../openapi/api-model.js';
import type { Scenario } from '../scenario.js';

/** The documented-ids variant of `op` from its positive scenario, or null when it would send the same ids. */
export function documentedIdsScenario(op: ApiOperation, positive: Scenario): Scenario | null {
  if (op.method !== 'GET') return null;
  const documented = positive.bindings.filter((b) => b.in === 'path' && b.example !== undefined);
  if (documented.length === 0) return null;
  return {
    ...positive,
    id: `${op.endpoint} [documented ids]`,
    documentedIds: true,
    role: 'other',
    variant: 'example',
    variantOf: op.endpoint,
  };
}

/**
 * The documented-query variant of a read (`GET /forays [documented query]`): its positive request
 * with every optional query parameter the contract gives a scalar example for (`?page=2&pageSize=2`,
 * `?status=open`) sent with that example — the primary request leaves optional parameters out, so
 * a filter or a page the handler reads wrongly would never be asked for. Path ids stay the run's
 * own; a failure of the positive read, or a 4xx to the documented query (a filter naming a record
 * this app does not hold), blocks it (`executeScenarios`).
 */
export function documentedQueryScenario(op: ApiOperation, positive: Scenario): Scenario | null {
  if (op.method !== 'GET') return null;
  const documented = op.parameters.filter(
    (p) => p.in === 'query' && !p.required && ['string', 'number', 'boolean'].includes(typeof p.example),
  );
  if (documented.length === 0) return null;
  const query = { ...positive.query };
  for (const p of documented) query[p.name] = String(p.example);
  return {
    ...positive,
    id: `${op.endpoint} [documented query]`,
    query,
    bindings: positive.bindings.filter((b) => !(b.in === 'query' && documented.some((p) => p.name === b.name))),
    documentedQuery: true,
    role: 'other',
    variant: 'example',
    variantOf: op.endpoint,
  };
}
