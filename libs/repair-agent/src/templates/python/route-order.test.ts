import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonRouteOrder } from './route-order.js';
import { candidatesOf } from './test-support/python-context.js';

const operation = (path: string): ApiOperation => ({
  method: 'get',
  path,
  endpoint: `GET ${path}`,
  parameters: [],
  responses: [{ status: '200', mediaTypes: ['application/json'] }],
});
const cause = (path: string) =>
  ({
    kind: 'status_mismatch',
    violations: [{ endpoint: `GET ${path}`, expectedStatus: 200, actualStatus: 422 }],
  }) as unknown as RootCause;

async function run(files: Record<string, string>, path: string, file: string) {
  const found = await candidatesOf(pythonRouteOrder, { files, cause: cause(path), operation: operation(path) });
  return found.map((c) => c.changed[file]);
}

const main =
  'from fastapi import FastAPI\n\nfrom app.routers import lessons\n\napp = FastAPI()\n' +
  'app.include_router(lessons.router, prefix="/api/lessons")\n';
const head = 'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n';
const list = '@router.get("")\ndef list_all():\n    return []\n\n\n';
const byId = '@router.get("/{lesson_id}")\ndef read(lesson_id: int):\n    return {"id": lesson_id}\n';
const upcoming = '@router.get("/upcoming")\ndef upcoming():\n    """Soonest first."""\n    return []\n';
const lessons = (router: string) =>
  run({ 'app/main.py': main, 'app/routers/lessons.py': router }, '/api/lessons/upcoming', 'app/routers/lessons.py');

describe('python.route-order', () => {
  it('moves a static route declared last above the parametrised route of its router', async () => {
    const router = `${head}${list}${byId}\n\n${upcoming}`;
    expect(await lessons(router)).toEqual([`${head}${list}${upcoming}\n\n${byId}`]);
  });

  it('moves an app route with a multi-line decorator and its comment from the middle of a module', async () => {
    const app = 'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n';
    const item = '@app.get("/items/{sku}/stock")\nasync def stock(sku: str):\n    return {"sku": sku}\n';
    const exportRoute =
      '# CSV export of every item\n@app.get(\n    "/items/export/stock",\n    response_model=list[dict],\n' +
      ')\nasync def export_stock():\n    return []\n';
    const tail = '@app.get("/health")\nasync def health():\n    return {"ok": True}\n';
    const source = `${app}${item}\n\n${exportRoute}\n\n${tail}`;
    expect(await run({ 'app/main.py': source }, '/items/export/stock', 'app/main.py')).toEqual([
      `${app}${exportRoute}\n\n${item}\n\n${tail}`,
    ]);
  });

  it('leaves a static route a converter-typed parameter cannot shadow, or one declared first', async () => {
    const typed = `${head}${byId.replace('{lesson_id}', '{lesson_id:int}')}\n\n${upcoming}`;
    expect(await lessons(typed)).toEqual([]);
    const ordered = `${head}${upcoming}\n\n${byId}`;
    expect(await lessons(ordered)).toEqual([]);
    const otherMethod = `${head}${byId.replace('router.get', 'router.delete')}\n\n${upcoming}`;
    expect(await lessons(otherMethod)).toEqual([]);
  });
});
