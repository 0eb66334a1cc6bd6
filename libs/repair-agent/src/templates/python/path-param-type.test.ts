import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonPathParamType } from './path-param-type.js';
import { candidatesOf } from './test-support/python-context.js';

const main =
  'from fastapi import FastAPI\n\nfrom app.routers import items\n\napp = FastAPI()\n' +
  'app.include_router(items.router, prefix="/api")\n';
const operation = (type: string): ApiOperation => ({
  method: 'get',
  path: '/api/items/{item_id}',
  endpoint: 'GET /api/items/{item_id}',
  parameters: [{ name: 'item_id', in: 'path', required: true, schema: { type } }],
  responses: [{ status: '200', mediaTypes: ['application/json'] }],
});
const cause = {
  kind: 'route_missing',
  violations: [{ endpoint: 'GET /api/items/{item_id}', expectedStatus: 200, actualStatus: 404 }],
} as unknown as RootCause;

async function run(router: string, type = 'integer', extra: Record<string, string> = {}, kind = 'route_missing') {
  const found = await candidatesOf(pythonPathParamType, {
    files: { 'app/main.py': main, 'app/routers/items.py': router, ...extra },
    cause: { ...cause, kind } as RootCause,
    operation: operation(type),
  });
  return found.map((c) => c.changed['app/routers/items.py']);
}

const head =
  'from typing import Annotated\n\nfrom fastapi import APIRouter, Path\n\n' +
  'router = APIRouter(prefix="/items")\nITEMS = [{"id": 1}]\n\n\n';

describe('python.path-param-type', () => {
  it('annotates a str path parameter as int when the contract documents an integer', async () => {
    const router =
      `${head}@router.get("/{item_id}")\ndef read(item_id: str):\n` +
      `    return next(i for i in ITEMS if i["id"] == item_id)\n`;
    expect(await run(router)).toEqual([router.replace('item_id: str', 'item_id: int')]);
  });

  it('annotates it inside Annotated[..., Path()] on a signature spanning lines', async () => {
    const router =
      `${head}@router.get("/{item_id}")\nasync def read(\n` +
      `    item_id: Annotated[str, Path(description="id")],\n    verbose: str = "no",\n):\n    return ITEMS[0]\n`;
    expect(await run(router)).toEqual([router.replace('Annotated[str,', 'Annotated[int,')]);
  });

  it('leaves a parameter the contract documents as a string', async () => {
    const router = `${head}@router.get("/{item_id}")\ndef read(item_id: str):\n    return ITEMS[0]\n`;
    expect(await run(router, 'string')).toEqual([]);
  });

  it(`on a 404 the handler answers itself, annotates it int when the contract (read from the app) says string but the \
code says int`, async () => {
    const siblings =
      `${head}@router.get("/{item_id}")\nasync def read(item_id: str):\n    return ITEMS[0]\n\n\n` +
      `@router.delete("/{item_id}")\nasync def drop(item_id: int):\n    return None\n`;
    expect(await run(siblings, 'string', {}, 'status_mismatch')).toEqual([
      siblings.replace('read(item_id: str)', 'read(item_id: int)'),
    ]);
    const service = 'class ItemService:\n    async def get(self, item_id: int):\n        return None\n';
    const viaService =
      `from app.service import ItemService\n${head}@router.get("/{item_id}")\n` +
      `async def read(item_id: str, service: ItemService):\n    return await service.get(item_id)\n`;
    expect(await run(viaService, 'string', { 'app/service.py': service }, 'status_mismatch')).toEqual([
      viaService.replace('item_id: str,', 'item_id: int,'),
    ]);
  });

  it('leaves a string parameter the code never reads as an int (a slug)', async () => {
    const service = 'class ItemService:\n    async def get(self, item_id: str):\n        return None\n';
    const viaService =
      `from app.service import ItemService\n${head}@router.get("/{item_id}")\n` +
      `async def read(item_id: str, service: ItemService):\n    return await service.get(item_id)\n`;
    expect(await run(viaService, 'string', { 'app/service.py': service }, 'status_mismatch')).toEqual([]);
  });
});

describe('python.path-param-type, a boolean query parameter', () => {
  const flagged = (schema: Record<string, unknown>): ApiOperation => ({
    method: 'get',
    path: '/api/items',
    endpoint: 'GET /api/items',
    parameters: [{ name: 'in_stock', in: 'query', required: false, schema }],
    responses: [{ status: '200', mediaTypes: ['application/json'] }],
  });
  const nullableBool = { anyOf: [{ type: 'boolean' }, { type: 'null' }] };
  const testFailure = {
    kind: 'test_failure',
    violations: [{ endpoint: 'GET /api/items', expectedStatus: null, actualStatus: null }],
  } as unknown as RootCause;
  async function runQuery(router: string, schema: Record<string, unknown> = nullableBool) {
    const found = await candidatesOf(pythonPathParamType, {
      files: { 'app/main.py': main, 'app/routers/items.py': router },
      cause: testFailure,
      operation: flagged(schema),
    });
    return found.map((c) => c.changed['app/routers/items.py']);
  }
  const list =
    `${head}@router.get("")\ndef listing(\n` + `    in_stock: str | None = None,\n    size: int | None = None,\n):\n`;

  it('annotates a str | None query parameter as bool when documented boolean and only tested for truth', async () => {
    const router =
      `${list}    rows = ITEMS\n    if in_stock is not None:\n` +
      `        rows = [i for i in rows if i["id"]] if in_stock else []\n    return rows\n`;
    expect(await runQuery(router)).toEqual([router.replace('in_stock: str | None', 'in_stock: bool | None')]);
  });

  it('annotates Optional[str] read with not, on a plain boolean schema', async () => {
    const router =
      `${head}@router.get("")\ndef listing(in_stock: Optional[str] = None):\n` +
      `    if not in_stock:\n        return []\n    return ITEMS\n`;
    expect(await runQuery(router, { type: 'boolean' })).toEqual([
      router.replace('in_stock: Optional[str]', 'in_stock: Optional[bool]'),
    ]);
  });

  it('leaves a str query parameter the handler compares, or one the contract documents as a string', async () => {
    const compared = `${list}    if in_stock == "yes":\n        return ITEMS\n    return []\n`;
    expect(await runQuery(compared)).toEqual([]);
    const tested = `${list}    if in_stock:\n        return ITEMS\n    return []\n`;
    expect(await runQuery(tested, { anyOf: [{ type: 'string' }, { type: 'null' }] })).toEqual([]);
    // A string default stays a truthy string under bool: an omitted flag would still filter.
    const defaulted =
      `${head}@router.get("")\ndef listing(in_stock: str = "false"):\n` + '    return ITEMS if in_stock else []\n';
    expect(await runQuery(defaulted, { type: 'boolean' })).toEqual([]);
  });
});
