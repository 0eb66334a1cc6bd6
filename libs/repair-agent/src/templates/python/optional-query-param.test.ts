import type { ApiModel } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonOptionalQueryParam } from './optional-query-param.js';
import { candidatesOf } from './test-support/python-context.js';

const endpoint = 'GET /grafts';
const routes = (param: string) =>
  'from fastapi import APIRouter, Query\n\nrouter = APIRouter()\n\n\n@router.get("/grafts")\n' +
  `def list_grafts(\n    ${param},\n    page: int = Query(default=1, ge=1),\n):\n    return []\n`;
const contract = (required: boolean): ApiModel => ({
  openapi: '3.1.0',
  title: 't',
  operations: [
    {
      method: 'GET',
      path: '/grafts',
      endpoint,
      parameters: [{ name: 'status', in: 'query', required, schema: { type: 'string' } }],
      responses: [{ status: '200', mediaTypes: ['application/json'] }],
    },
  ],
});
const refused = (name: string) =>
  ({
    kind: 'status_mismatch',
    endpoints: [endpoint],
    violations: [
      {
        endpoint,
        actualStatus: 422,
        expectedStatus: 200,
        responseExcerpt:
          `{"detail":[{"type":"missing","loc":["query","${name}"],` + '"msg":"Field required","input":null}]}',
      },
    ],
  }) as unknown as Partial<RootCause>;

async function run(param: string, required = false, missing = 'status') {
  const found = await candidatesOf(pythonOptionalQueryParam, {
    files: { 'app/grafts.py': routes(param) },
    cause: refused(missing),
    contract: contract(required),
  });
  return found.map((c) => c.changed['app/grafts.py']);
}

describe('python.optional-query-param', () => {
  it('gives a documented optional query parameter (read under its alias) the default None', async () => {
    expect(await run('status_filter: GraftStatus = Query(alias="status")')).toEqual([
      routes('status_filter: GraftStatus | None = Query(default=None, alias="status")'),
    ]);
    expect(await run('status: str')).toEqual([routes('status: str | None = None')]);
    expect(await run('status: Optional[str] = Query(..., max_length=9)')).toEqual([
      routes('status: Optional[str] = Query(default=None, max_length=9)'),
    ]);
  });

  it('leaves a parameter the contract requires, one with a default, and another missing name', async () => {
    expect(await run('status_filter: GraftStatus = Query(alias="status")', true)).toEqual([]);
    expect(await run('status: str = Query(None)')).toEqual([]);
    expect(await run('status: str', false, 'page_size')).toEqual([]);
  });
});
