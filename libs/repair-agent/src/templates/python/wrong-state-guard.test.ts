import type { ApiModel, ApiOperation, Violation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { pythonWrongStateGuard } from './wrong-state-guard.js';
import { candidatesOf } from './test-support/python-context.js';

const models = `import enum


class RentalStatus(str, enum.Enum):
    RESERVED = "reserved"
    ACTIVE = "active"
    RETURNED = "returned"
`;
const routes = (
  guard: string,
  detail = 'f"Rental {rental.id} is {rental.status.value}, only reserved rentals can be returned"',
) => `from fastapi import APIRouter, HTTPException

from app.models import RentalStatus

router = APIRouter()


@router.post("/rentals/{rental_id}/return")
def return_rental(rental_id: int):
    return finish(rental_id)


def finish(rental_id):
    rental = load(rental_id)
    ${guard}
        raise HTTPException(
            status_code=409,
            detail=${detail},
        )
    rental.status = RentalStatus.RETURNED
    return rental
`;
const operation = (prose: string): ApiOperation => ({
  method: 'post',
  path: '/rentals/{rental_id}/return',
  endpoint: 'POST /rentals/{rental_id}/return',
  parameters: [],
  responses: [{ status: '200', mediaTypes: ['application/json'] }],
  prose,
});
const prose = 'Record the return of an active rental\n409: Rental not active';
const refusal = {
  expectedStatus: 200,
  actualStatus: 409,
  endpoint: 'POST /rentals/{rental_id}/return',
  responseExcerpt: '{"detail":"Rental 1 is active, only reserved rentals can be returned"}',
} as Violation;
const run = (source: string, words = prose) => {
  const op = operation(words);
  const contract: ApiModel = { openapi: '3.0.3', title: 't', operations: [op] };
  return candidatesOf(pythonWrongStateGuard, {
    files: { 'app/models.py': models, 'app/rentals.py': source },
    operation: op,
    contract,
    cause: { kind: 'status_mismatch', violations: [refusal], endpoints: [op.endpoint] },
  });
};

describe('python.wrong-state-guard', () => {
  it('compares with the enum member of the state the contract names and the refusal quotes', async () => {
    const found = await run(routes('if rental.status != RentalStatus.RESERVED:'));
    expect(found.map((f) => f.changed['app/rentals.py'])).toEqual([routes('if rental.status != RentalStatus.ACTIVE:')]);
  });

  it('does the same for a string literal', async () => {
    const found = await run(routes('if rental.status != "reserved":'));
    expect(found.map((f) => f.changed['app/rentals.py'])).toEqual([routes('if rental.status != "active":')]);
  });

  it('leaves a guard the contract agrees with, a silent contract, a message not quoting the state', async () => {
    expect(await run(routes('if rental.status != "reserved":'), 'Return a reserved or active rental')).toEqual([]);
    expect(await run(routes('if rental.status != "reserved":'), 'Return a rental')).toEqual([]);
    expect(await run(routes('if rental.status != "reserved":', '"Rental cannot be returned"'))).toEqual([]);
  });
});
