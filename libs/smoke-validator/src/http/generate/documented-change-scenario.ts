/**
 * The documented-ids variant of a change (`PATCH /slipways/{slipwayId} [documented ids]`): its
 * positive request, body and all, sent to the record the contract's path examples name instead
 * of one this run created. The positive scenario changes a record the app just made through its
 * own create, which is plain; the documented example is the app's own data (a seed row held
 * frozen, a legacy field, a state only the seed reaches), where an update fails as often as a
 * read does. Only generated where changing the app's own data is allowed
 * (`smoke.documentedTargets`: the repair loop, whose every start restores it), never for DELETE,
 * and only where the record changed can be had from a create: else the positive scenario acts on
 * the example already. The verdict is conservative (`documented-change.ts`).
 */
import type { ApiOperation } from '../openapi/api-model.js';
import type { Scenario } from '../scenario.js';

// The methods whose documented-ids variant changes a record in place; DELETE would take it away.
const CHANGES = new Set(['PUT', 'PATCH']);
const SUCCESSES = Array.from({ length: 100 }, (_, i) => 200 + i);

/**
 * The documented-ids variant of the change `op` from its positive scenario, or null: not a PUT
 * or PATCH, a path id without a contract example (the record changed must be the documented one,
 * under its documented parents), or a record no operation creates (`creatable`: resources some
 * create of the run provides).
 */
export function documentedChangeScenario(
  op: ApiOperation,
  positive: Scenario,
  creatable: ReadonlySet<string>,
): Scenario | null {
  if (!CHANGES.has(op.method) || positive.resource === undefined || !creatable.has(positive.resource)) return null;
  const path = positive.bindings.filter((b) => b.in === 'path');
  const target = path.some((b) => b.resource === positive.resource);
  if (!target || path.some((b) => b.example === undefined)) return null;
  return {
    ...positive,
    id: `${op.endpoint} [documented ids]`,
    // Any 2xx is the change done; the body is checked against the schema documented for it.
    expectedStatuses: [...new Set([...positive.expectedStatuses, ...SUCCESSES])].sort((a, b) => a - b),
    documentedIds: true,
    role: 'other',
    variant: 'example',
    variantOf: op.endpoint,
  };
}
