import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonPartialUpdateGuard } from './partial-update-guard.js';
import { candidatesOf } from './test-support/python-context.js';

const main = `from fastapi import FastAPI

from app.routers import items

app = FastAPI()
app.include_router(items.router)
`;
const router = `from fastapi import APIRouter

from app import service
from app.schemas import ItemUpdate

router = APIRouter(prefix="/items")


@router.patch("/{item_id}")
def patch_item(item_id: int, payload: ItemUpdate):
    return service.update_item(item_id, payload)
`;
const service = (guard: string) => `from fastapi import HTTPException

ROWS = {}


def update_item(item_id, payload):
    row = ROWS[item_id]
    changes = payload.model_dump()
    for field, value in changes.items():
${guard}
        setattr(row, field, value)
    return row
`;
const RAISES =
  '        if value is None:\n            raise HTTPException(status_code=422, detail=f"{field} cannot be null")';

function operation(method = 'PATCH'): ApiOperation {
  const optional = { anyOf: [{ type: 'string' }, { type: 'null' }] };
  return {
    method,
    path: '/items/{item_id}',
    endpoint: `${method} /items/{item_id}`,
    parameters: [],
    requestBody: {
      required: true,
      mediaType: 'application/json',
      schema: { type: 'object', properties: { name: optional, price: optional }, required: [] },
    },
    responses: [{ status: '200', description: 'ok' }],
  } as unknown as ApiOperation;
}

const refused = (actualStatus: number, method = 'PATCH') =>
  ({
    kind: 'status_mismatch',
    endpoints: [`${method} /items/{item_id}`],
    violations: [
      { endpoint: `${method} /items/{item_id}`, kind: 'status_mismatch', expectedStatus: 200, actualStatus },
    ],
  }) as unknown as Partial<RootCause>;

async function run(guard: string, cause = refused(422), op = operation()) {
  const found = await candidatesOf(pythonPartialUpdateGuard, {
    files: { 'app/main.py': main, 'app/routers/items.py': router, 'app/service.py': service(guard) },
    cause,
    operation: op,
  });
  return found.map((c) => c.changed['app/service.py']);
}

describe('python.partial-update#guarded', () => {
  it('dumps only the set fields where the copy loop refuses the None of every field left out', async () => {
    const fixed = service(RAISES).replace('model_dump()', 'model_dump(exclude_unset=True)');
    expect(await run(RAISES)).toEqual([fixed]);
    // The raise on the guard's own line, and a 400.
    const inline = '        if value is None: raise HTTPException(400, f"{field} is required")';
    expect(await run(inline, refused(400))).toEqual([
      service(inline).replace('model_dump()', 'model_dump(exclude_unset=True)'),
    ]);
  });

  it('leaves a loop with no None guard, a 404, a 500 and a POST', async () => {
    const skip = '        if value is None:\n            continue';
    expect(await run(skip)).toEqual([]);
    expect(await run(RAISES, refused(404))).toEqual([]);
    expect(await run(RAISES, refused(500))).toEqual([]);
    expect(await run(RAISES, refused(422, 'POST'), operation('POST'))).toEqual([]);
  });
});
