import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonPartialUpdateConflict } from './partial-update-conflict.js';
import { candidatesOf } from './test-support/python-context.js';

const main = `from fastapi import FastAPI

from app.routers import items

app = FastAPI()
app.include_router(items.router)
`;
const router = (method = 'patch') => `from fastapi import APIRouter

from app import service
from app.schemas import ItemUpdate

router = APIRouter(prefix="/items")


@router.${method}("/{item_id}")
def change_item(item_id: int, payload: ItemUpdate):
    return service.update_item(item_id, payload)
`;
const service = (dump: string, handler: string) => `from fastapi import HTTPException
from sqlalchemy.exc import IntegrityError


def update_item(db, item_id, payload):
    row = db.get(Item, item_id)
    for field, value in ${dump}.items():
        setattr(row, field, value)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
${handler}
    return row
`;
const CONFLICT = '        raise HTTPException(status_code=409, detail="An item with that name already exists")';

function operation(): ApiOperation {
  const optional = { anyOf: [{ type: 'string' }, { type: 'null' }] };
  return {
    method: 'PATCH',
    path: '/items/{item_id}',
    endpoint: 'PATCH /items/{item_id}',
    parameters: [],
    requestBody: {
      required: true,
      mediaType: 'application/json',
      schema: { type: 'object', properties: { name: optional, price: optional }, required: [] },
    },
    responses: [{ status: '200', description: 'ok' }],
  } as unknown as ApiOperation;
}
// The smoke's verdict (documented 200, answered 409), or a test's `assert 409 == 200`.
const smoke = (actualStatus: number, method = 'PATCH') =>
  ({
    kind: 'status_mismatch',
    endpoints: [`${method} /items/{item_id}`],
    violations: [
      { endpoint: `${method} /items/{item_id}`, kind: 'status_mismatch', expectedStatus: 200, actualStatus },
    ],
  }) as unknown as Partial<RootCause>;
const test = {
  kind: 'test_failure',
  endpoints: ['PATCH /items/{item_id}'],
  violations: [
    {
      endpoint: 'PATCH /items/{item_id}',
      nodeid: 'tests/test_items.py::test_update_item_partial',
      message: 'assert 409 == 200',
      traces: [{ exception: { type: 'AssertionError', message: 'assert 409 == 200' } }],
    },
  ],
} as unknown as Partial<RootCause>;

async function run(
  svc: string,
  cause: Partial<RootCause>,
  op: ApiOperation | undefined = operation(),
  method?: string,
) {
  const found = await candidatesOf(pythonPartialUpdateConflict, {
    files: { 'app/main.py': main, 'app/routers/items.py': router(method), 'app/service.py': svc },
    cause,
    ...(op ? { operation: op } : {}),
  });
  return found.map((c) => c.changed['app/service.py']);
}

describe('python.partial-update#caught-conflict', () => {
  it('dumps only the set fields where the nulled commit is caught into a 409 (smoke)', async () => {
    const svc = service('payload.model_dump()', CONFLICT);
    expect(await run(svc, smoke(409))).toEqual([svc.replace('model_dump()', 'model_dump(exclude_unset=True)')]);
  });

  it("does the same for a test's assert 409 == 200 on a PUT, with the status constant", async () => {
    const raised = '        raise HTTPException(status.HTTP_409_CONFLICT, "Duplicate name")';
    const svc = service('payload.model_dump()', raised);
    const put = { ...test, endpoints: ['PUT /items/{item_id}'] } as Partial<RootCause>;
    expect(await run(svc, put, undefined, 'put')).toEqual([
      svc.replace('model_dump()', 'model_dump(exclude_unset=True)'),
    ]);
  });

  it('near miss: a dump filtered already, no caught 409, a 422, or a POST', async () => {
    expect(await run(service('payload.model_dump(exclude_unset=True)', CONFLICT), smoke(409))).toEqual([]);
    const other = '        raise HTTPException(status_code=400, detail="bad")';
    expect(await run(service('payload.model_dump()', other), smoke(409))).toEqual([]);
    expect(await run(service('payload.model_dump()', CONFLICT), smoke(422))).toEqual([]);
    expect(await run(service('payload.model_dump()', CONFLICT), smoke(409, 'POST'), undefined, 'post')).toEqual([]);
  });
});
