/**
 * A write that answers 2xx with `null` where the request sent a value under the same name lost
 * that value on its way to the store: the request data was dropped (a schema field named unlike
 * the contract's property, a constructor argument mapped away). Only top-level properties, only a
 * present `null` (a property left out of the answer is the contract's business: passwords are
 * not echoed), only scalar values sent.
 */
import type { CheckFailure } from './check-response.js';

const WRITES: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

/** The failure when a 2xx answer of a write nulls a value the request sent, else undefined. */
export function droppedRequestData(
  method: string,
  sent: unknown,
  answered: unknown,
  status: number,
): CheckFailure | undefined {
  if (!WRITES.has(method.toUpperCase()) || status < 200 || status >= 300) return undefined;
  if (!isRecord(sent) || !isRecord(answered)) return undefined;
  const dropped = Object.entries(sent)
    .filter(([name, value]) => isScalar(value) && Object.hasOwn(answered, name) && answered[name] === null)
    .map(([name, value]) => `'${name}' (sent ${JSON.stringify(value)})`);
  if (dropped.length === 0) return undefined;
  return {
    kind: 'schema_mismatch',
    message: `the answer drops request data: ${dropped.join(', ')} answered as null`,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): boolean {
  return (
    typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
  );
}
