/**
 * The partial-update variant of a PATCH (`PATCH /items/{id} [partial]`): its positive request with
 * one field of the body only. A PATCH whose documented body requires nothing takes any subset of
 * its fields (RFC 5789, and the contract says so), and the positive scenario, which sends every
 * field, never shows an update that writes the fields left out as nulls (a NOT NULL failure, a
 * crash on None). It passes like an extra example (a documented 2xx or a 4xx refusal) and runs
 * once the positive request passed, on the same entity. Deterministic: the field kept is the
 * first of the schema's properties the positive body sends that no binding fills.
 */
import type { ApiOperation } from '../openapi/api-model.js';
import type { Scenario } from '../scenario.js';
import { expectedStatuses } from './build-scenario.js';

// Like an extra example, a partial body may be refused (a 4xx); a 5xx or a hang is the failure.
const REFUSALS = Array.from({ length: 100 }, (_, i) => 400 + i);

/** The partial variant of `op` built from its positive scenario, or null when it has none. */
export function partialScenario(op: ApiOperation, positive: Scenario): Scenario | null {
  if (op.method !== 'PATCH' || !op.requestBody) return null;
  const schema = op.requestBody.schema as Record<string, unknown>;
  const properties = schema['properties'];
  const required = schema['required'];
  if (!properties || typeof properties !== 'object' || (Array.isArray(required) && required.length > 0)) return null;
  const body = positive.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const sent = body as Record<string, unknown>;
  if (Object.keys(sent).length < 2) return null;
  const bound = new Set(positive.bindings.filter((b) => b.in === 'body').map((b) => b.name.slice(1)));
  const kept = Object.keys(properties).find((name) => name in sent && !bound.has(name) && sent[name] !== null);
  if (kept === undefined) return null;
  return {
    ...positive,
    id: `${op.endpoint} [partial]`,
    body: { [kept]: sent[kept] },
    bindings: positive.bindings.filter((b) => b.in !== 'body'),
    expectedStatuses: [...new Set([...expectedStatuses(op), ...REFUSALS])].sort((a, b) => a - b),
    responses: op.responses,
    role: 'other',
    variant: 'example',
    variantOf: op.endpoint,
    dependsOn: [...positive.dependsOn, positive.id],
  };
}
