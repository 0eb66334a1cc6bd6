import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonQueryAlias } from './query-alias.js';
import { candidatesOf } from './test-support/python-context.js';

const ENDPOINT = 'GET /api/cats';

const operation = (...query: string[]): ApiOperation => ({
  method: 'get',
  path: '/api/cats',
  endpoint: ENDPOINT,
  parameters: query.map((name) => ({ name, in: 'query' as const, required: false, schema: { type: 'string' } })),
  responses: [{ status: '200', mediaTypes: ['application/json'] }],
});

const routes = (signature: string) => `from typing import Annotated

from fastapi import APIRouter, Query

router = APIRouter(prefix="/api/cats")


@router.get("")
def list_cats(${signature}):
    return service.list_cats(coat=coat)
`;

async function run(signature: string, op = operation('coat')) {
  const found = await candidatesOf(pythonQueryAlias, {
    files: { 'app/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n', 'app/routes.py': routes(signature) },
    cause: { kind: 'test_failure', endpoints: [ENDPOINT], violations: [] } as unknown as Partial<RootCause>,
    operation: op,
  });
  return found.map((c) => c.changed['app/routes.py']);
}

describe('python.query-alias', () => {
  it('drops an undocumented alias=: the parameter is read under the Python name the contract documents', async () => {
    expect(
      await run('db=None, coat: Coat | None = Query(default=None, alias="coatColour", examples=["tabby"])'),
    ).toEqual([routes('db=None, coat: Coat | None = Query(default=None, examples=["tabby"])')]);
  });

  it('an Annotated Query with the alias first, and a Query spread over lines', async () => {
    expect(await run('coat: Annotated[str | None, Query(alias="coatColour", max_length=20)] = None')).toEqual([
      routes('coat: Annotated[str | None, Query(max_length=20)] = None'),
    ]);
    const multi = '\n    coat: str | None = Query(\n        None,\n        alias="coatColour",\n    ),\n';
    expect(await run(multi)).toEqual([routes('\n    coat: str | None = Query(\n        None,\n    ),\n')]);
  });

  it('leaves an alias the contract documents, one it documents beside the Python name, and other aliases', async () => {
    const aliased = 'coat: str | None = Query(default=None, alias="coatColour")';
    expect(await run(aliased, operation('coatColour'))).toEqual([]);
    expect(await run(aliased, operation('coat', 'coatColour'))).toEqual([]);
    // Another parameter's alias on the same line is not this one's.
    expect(await run('size: int = Query(1, alias="pageSize"), coat: str | None = None')).toEqual([]);
  });
});
