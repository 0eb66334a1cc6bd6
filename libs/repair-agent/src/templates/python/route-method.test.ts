import { buildApiModel } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonRouteMethod } from './route-method.js';
import { candidatesOf } from './test-support/python-context.js';

const ok = { responses: { '200': { description: 'ok' } } };
const contractOf = (paths: Record<string, Record<string, unknown>>) =>
  buildApiModel({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths }, 'test');
const refused = (endpoint: string, nodeid?: string) =>
  ({
    kind: 'status_mismatch',
    violations: [{ endpoint, expectedStatus: 200, actualStatus: 405, ...(nodeid ? { nodeid } : {}) }],
  }) as unknown as RootCause;

async function run(
  files: Record<string, string>,
  endpoint: string,
  paths: Record<string, Record<string, unknown>>,
  file: string,
  nodeid?: string,
  contractFromCode = false,
) {
  const contract = contractOf(paths);
  const operation = contract.operations.find((op) => op.endpoint === endpoint);
  const cause = refused(endpoint, nodeid);
  const found = await candidatesOf(pythonRouteMethod, {
    files,
    cause,
    contract,
    contractFromCode,
    ...(operation ? { operation } : {}),
  });
  return found.map((c) => c.changed[file]);
}

const main =
  'from fastapi import FastAPI\n\nfrom app.routers import orders\n\napp = FastAPI()\n' +
  'app.include_router(orders.router, prefix="/api")\n';
const head = 'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/orders")\n\n\n';
const read = '@router.get("/{order_id}")\ndef read(order_id: int):\n    return {"id": order_id}\n\n\n';
const cancel = (verb: string) =>
  `@router.${verb}("/{order_id}/cancel", response_model=dict,\n             responses={404: {}})\n` +
  'def cancel(order_id: int):\n    return {"id": order_id, "status": "cancelled"}\n';
const orders = (router: string, paths: Record<string, Record<string, unknown>>) =>
  run(
    { 'app/main.py': main, 'app/routers/orders.py': router },
    'POST /api/orders/{id}/cancel',
    paths,
    'app/routers/orders.py',
  );
const documented = { '/api/orders/{id}': { get: ok }, '/api/orders/{id}/cancel': { post: ok } };

describe('python.route-method', () => {
  it('renames the decorator of the one route on the path to the documented method', async () => {
    expect(await orders(`${head}${read}${cancel('patch')}`, documented)).toEqual([`${head}${read}${cancel('post')}`]);
  });

  it('follows routers mounted in a loop over a tuple of them (for r in (a.router, b.router))', async () => {
    const looped =
      'from fastapi import FastAPI\n\nfrom app.routers import health, orders\n\napp = FastAPI()\n\n' +
      'for r in (health.router, orders.router):\n    app.include_router(r, prefix="/api")\n';
    const files: Record<string, string> = {
      'app/main.py': looped,
      'app/routers/orders.py': `${head}${read}${cancel('patch')}`,
      'app/routers/health.py': 'from fastapi import APIRouter\n\nrouter = APIRouter()\n',
    };
    const found = await run(files, 'POST /api/orders/{id}/cancel', documented, 'app/routers/orders.py');
    expect(found).toEqual([`${head}${read}${cancel('post')}`]);
  });

  it('follows the routers of modules mounted in a loop (for m in (a, b): app.include_router(m.router))', async () => {
    const looped =
      'from fastapi import FastAPI\n\nfrom app.routers import health, orders\n\napp = FastAPI()\n\n' +
      'for module in [health, orders]:\n    app.include_router(module.router, prefix="/api")\n';
    const files: Record<string, string> = {
      'app/main.py': looped,
      'app/routers/orders.py': `${head}${read}${cancel('patch')}`,
      'app/routers/health.py': 'from fastapi import APIRouter\n\nrouter = APIRouter()\n',
    };
    const found = await run(files, 'POST /api/orders/{id}/cancel', documented, 'app/routers/orders.py');
    expect(found).toEqual([`${head}${read}${cancel('post')}`]);
  });

  it("changes the one entry of an add_api_route's methods list, in its spelling", async () => {
    const handlers = 'def archive(item_id: int):\n    return {"id": item_id}\n';
    const routes =
      'from fastapi import APIRouter\n\nfrom app import handlers\n\nrouter = APIRouter()\n' +
      'router.add_api_route(\n    "/items/{item_id}/archive",\n    handlers.archive,\n    methods=["PUT"],\n)\n';
    const app =
      'from fastapi import FastAPI\n\nfrom app.routes import router\n\napp = FastAPI()\napp.include_router(router)\n';
    const files = { 'app/main.py': app, 'app/routes.py': routes, 'app/handlers.py': handlers };
    const paths = { '/items/{item_id}/archive': { post: ok } };
    expect(await run(files, 'POST /items/{item_id}/archive', paths, 'app/routes.py')).toEqual([
      routes.replace('["PUT"]', '["POST"]'),
    ]);
  });

  it('leaves a path whose other method is documented too, or that several routes declare', async () => {
    const both = { ...documented, '/api/orders/{id}/cancel': { post: ok, patch: ok } };
    expect(await orders(`${head}${read}${cancel('patch')}`, both)).toEqual([]);
    const twice = `${head}${read}${cancel('patch')}\n\n${cancel('put').replace('def cancel', 'def cancel_put')}`;
    expect(await orders(twice, documented)).toEqual([]);
  });

  it('re-declares the one route of the path with a method the contract does not document there', async () => {
    const update = (verb: string) =>
      `@router.${verb}("/{order_id}", response_model=dict)\ndef update(order_id: int):\n    return {"id": order_id}\n`;
    const paths = { '/api/orders/{id}': { get: ok, patch: ok } };
    const patch = (router: string, contract = paths) =>
      run(
        { 'app/main.py': main, 'app/routers/orders.py': router },
        'PATCH /api/orders/{id}',
        contract,
        'app/routers/orders.py',
      );
    expect(await patch(`${head}${read}${update('put')}`)).toEqual([`${head}${read}${update('patch')}`]);
    // heldout17 seedswap S08's shape, with the routes the other way round and an api_route's one method.
    const listed = (verb: string) => update('api_route').replace('"/{order_id}"', `"/{order_id}", methods=["${verb}"]`);
    const deleting = { '/api/orders/{id}': { get: ok, patch: ok, delete: ok } };
    const remove = '@router.delete("/{order_id}")\ndef remove(order_id: int):\n    return None\n\n\n';
    expect(await patch(`${head}${listed('PUT')}\n\n${remove}${read}`, deleting)).toEqual([
      `${head}${listed('PATCH')}\n\n${remove}${read}`,
    ]);
  });

  it('leaves two undocumented routes, a route of several methods, an undocumented wanted method', async () => {
    const update = (verb: string) =>
      `@router.${verb}("/{order_id}")\ndef update_${verb}(order_id: int):\n    return {"id": order_id}\n\n\n`;
    const paths = { '/api/orders/{id}': { get: ok, patch: ok } };
    const patch = (router: string, contract: Record<string, Record<string, unknown>> = paths) =>
      run(
        { 'app/main.py': main, 'app/routers/orders.py': router },
        'PATCH /api/orders/{id}',
        contract,
        'app/routers/orders.py',
      );
    expect(await patch(`${head}${read}${update('put')}${update('post')}`)).toEqual([]);
    const many =
      '@router.api_route("/{order_id}", methods=["PUT", "POST"])\ndef update(order_id: int):\n    return {}\n';
    expect(await patch(`${head}${read}${many}`)).toEqual([]);
    // The contract does not document PATCH there: nothing says which route should take it.
    expect(await patch(`${head}${read}${update('put')}`, { '/api/orders/{id}': { get: ok } })).toEqual([]);
  });

  it(`in test-command mode, with a contract silent on the path, follows the tests: none requests the route's own \
method on its path`, async () => {
    // The contract documents neither method on the path; the failing test posts.
    const generated = { '/api/orders/{order_id}': { get: ok } };
    const conftest = 'import pytest\n\nAPI = "/api"\n';
    const test = (verb: string) =>
      `from tests.conftest import API\n\n\ndef test_cancel(client):\n` +
      `    assert client.${verb}(f"{API}/orders/2/cancel").status_code == 200\n`;
    const files = (verb: string) => ({
      'app/main.py': main,
      'app/routers/orders.py': `${head}${read}${cancel('patch')}`,
      'tests/conftest.py': conftest,
      'tests/test_orders.py': test('post'),
      'tests/test_more.py': test(verb),
    });
    const endpoint = 'POST /api/orders/{order_id}/cancel';
    const nodeid = 'tests/test_orders.py::test_cancel';
    expect(await run(files('get'), endpoint, generated, 'app/routers/orders.py', nodeid)).toEqual([
      `${head}${read}${cancel('post')}`,
    ]);
    // A test that patches the path too: the POST route is missing, not misdeclared.
    expect(await run(files('patch'), endpoint, generated, 'app/routers/orders.py', nodeid)).toEqual([]);
    // Not a test's failure, and no contract documenting the POST: nothing says which method is right.
    expect(await run(files('get'), endpoint, generated, 'app/routers/orders.py')).toEqual([]);
    // A contract documenting the route's PATCH and not the test's POST: a real one may say the test is wrong.
    const patching = { ...generated, '/api/orders/{order_id}/cancel': { patch: ok } };
    expect(await run(files('get'), endpoint, patching, 'app/routers/orders.py', nodeid)).toEqual([]);
    // The same document generated by `app.openapi()` has the route as declared: the tests decide.
    expect(await run(files('get'), endpoint, patching, 'app/routers/orders.py', nodeid, true)).toEqual([
      `${head}${read}${cancel('post')}`,
    ]);
  });
});
