import type { ApiModel, Violation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import type { TemplateContext } from '../template.js';
import { nodeWrongStateGuard } from './wrong-state-guard.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const ENDPOINT = 'POST /api/rentals/{rentalId}/return';

// The documented return of rental 1 refused 409 with the guard's own message; the contract's words.
function refused(files: Record<string, string>, message: string, prose: string): TemplateContext {
  const { context } = templateContext(files, {
    kind: 'status_mismatch',
    endpoint: ENDPOINT,
    expected: 200,
    actual: 409,
  });
  const violation = { ...context.cause.violations[0]!, responseExcerpt: JSON.stringify({ error: message }) };
  const operation = { ...context.operation!, prose };
  const contract: ApiModel = { openapi: '3.0.3', title: 't', operations: [operation] };
  return {
    ...context,
    operation,
    contract,
    cause: { ...context.cause, violations: [violation as Violation] } as RootCause,
  };
}

const service = (guard: string) =>
  "export type RentalStatus = 'reserved' | 'active' | 'returned';\n" +
  'export function returnRental(rental: { id: number; status: RentalStatus }) {\n' +
  `  if (${guard}) {\n` +
  '    throw new ConflictError(`Rental ${rental.id} is ${rental.status}, only reserved rentals can be returned`);\n' +
  '  }\n' +
  "  return { ...rental, status: 'returned' };\n}\n";
const message = 'Rental 1 is active, only reserved rentals can be returned';
const prose = 'Record the return of an active rental\nrentalId: Rental id (must be active)\n409: Rental not active';
const file = 'src/services/rentals.ts';

describe('node.wrong-state-guard', () => {
  it('compares with the state the contract names and the refusal says the record is in', async () => {
    const found = await allCandidates(
      nodeWrongStateGuard,
      refused({ [file]: service("rental.status !== 'reserved'") }, message, prose),
      [file],
    );
    expect(found.map((f) => f.files[file])).toEqual([service("rental.status !== 'active'")]);
  });

  it('leaves a guard the contract agrees with, a contract silent on the state, and a message without it', async () => {
    const files = { [file]: service("rental.status !== 'reserved'") };
    const agrees = 'Return a reserved or active rental\n409: Rental not reserved';
    expect(await allCandidates(nodeWrongStateGuard, refused(files, message, agrees), [])).toEqual([]);
    expect(await allCandidates(nodeWrongStateGuard, refused(files, message, 'Return a rental'), [])).toEqual([]);
    const plain = { [file]: service("rental.status !== 'reserved'").replace('${rental.status}', 'not reserved') };
    const said = 'Rental 1 is not reserved, only reserved rentals can be returned';
    expect(await allCandidates(nodeWrongStateGuard, refused(plain, said, prose), [])).toEqual([]);
  });
});
