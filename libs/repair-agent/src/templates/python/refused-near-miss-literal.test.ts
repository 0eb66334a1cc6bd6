import type { Violation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { pythonRefusedNearMissLiteral } from './refused-near-miss-literal.js';
import { candidatesOf } from './test-support/python-context.js';

const models = `import enum


class SlabStatus(str, enum.Enum):
    available = "available"
    reserved = "reserved"
`;
const routes = (guard: string) => `from fastapi import APIRouter, HTTPException

from app import models

router = APIRouter()


@router.post("/orders", status_code=201)
def create_order(payload: dict):
    return place(payload)


def place(payload):
    slab = models.find(payload["slab_id"])
    ${guard}
        raise HTTPException(status_code=409, detail=f"Slab {slab.code} is {slab.status.value}")
    return {"slab": slab.code}
`;
const refusal = (actual: number, expected: number) =>
  ({
    expectedStatus: expected,
    actualStatus: actual,
    responseExcerpt: '{"detail":"Slab S-1 is available"}',
    endpoint: 'POST /orders',
  }) as Violation;
const run = (guard: string, violation = refusal(409, 201)) =>
  candidatesOf(pythonRefusedNearMissLiteral, {
    files: { 'app/models.py': models, 'app/orders.py': routes(guard) },
    cause: { kind: 'status_mismatch', violations: [violation], endpoints: ['POST /orders'] },
  });

describe('python.refused-near-miss-literal', () => {
  it("compares with the enum's own value where a case variant of it refused every request", async () => {
    const found = await run('if slab.status != "Available":');
    expect(found.map((f) => f.changed['app/orders.py'])).toEqual([routes('if slab.status != "available":')]);
  });

  it('does the same for a membership test against a separator variant', async () => {
    const found = await run("if slab.status not in ('Available', 're-served'):");
    expect(found.map((f) => f.changed['app/orders.py'])).toEqual([
      routes("if slab.status not in ('available', 'reserved'):"),
    ]);
  });

  it("near miss: the defined value, a literal no comparison's, a refusal the contract expects", async () => {
    expect(await run('if slab.status != "available":')).toEqual([]);
    expect(await run('if slab.status != models.SlabStatus.available and print("Available"):')).toEqual([]);
    expect(await run('if slab.status != "Available":', refusal(409, 409))).toEqual([]);
  });
});
