import { describe, expect, it } from 'vitest';
import { candidatesOf } from '../../templates/python/test-support/python-context.js';
import { operation } from '../../templates/python/test-support/summarise.js';
import type { RootCause } from '../../types.js';
import { pythonStatusCode } from './status-code.js';

const main =
  'from fastapi import FastAPI\n\nfrom app.routers import orders\n\napp = FastAPI()\n' +
  'app.include_router(orders.router)\n';
const created = (endpoint: string, actual = 200): Partial<RootCause> => ({
  kind: 'status_mismatch',
  violations: [{ endpoint, expectedStatus: 201, actualStatus: actual }] as unknown as RootCause['violations'],
});

async function repair(router: string, endpoint = 'POST /orders', actual = 200) {
  const found = await candidatesOf(pythonStatusCode, {
    files: { 'app/main.py': main, 'app/routers/orders.py': router },
    cause: created(endpoint, actual),
  });
  return found[0]?.changed['app/routers/orders.py'];
}

const head =
  'from fastapi import APIRouter\nfrom fastapi.responses import JSONResponse\n\n' +
  'router = APIRouter(prefix="/orders")\n\n\n';

describe('python.status-code', () => {
  it(`adds the status after the last argument of a multi-line JSONResponse with a trailing comma and a dict spanning \
lines`, async () => {
    const router =
      `${head}@router.post("")\ndef create(payload: dict):\n    return JSONResponse(\n` +
      `        content={\n            "id": len(str(payload)),\n            "lines": [dict(a=1)],\n        },\n` +
      `    )\n`;
    expect(await repair(router)).toBe(
      `${head}@router.post("")\ndef create(payload: dict):\n    return JSONResponse(\n        content={\n` +
        `            "id": len(str(payload)),\n            "lines": [dict(a=1)],\n        },\n` +
        `        status_code=201,\n    )\n`,
    );
  });

  it(`adds it after an argument that closes on its own line without a trailing comma, and inline on one-line \
calls`, async () => {
    const router =
      `${head}@router.post("")\ndef create(payload: dict):\n    if not payload:\n` +
      `        return JSONResponse({"empty": True})  # nothing\n    return JSONResponse(\n` +
      `        content={"id": 1,\n                 "total": sum([1, 2])}\n    )\n`;
    const fixed = await repair(router);
    expect(fixed).toContain('        return JSONResponse({"empty": True}, status_code=201)  # nothing\n');
    expect(fixed).toContain(
      '        content={"id": 1,\n                 "total": sum([1, 2])},\n        status_code=201\n    )\n',
    );
  });

  it(`puts the status on a multi-line decorator of a handler that returns a model, its router in another module than \
the app`, async () => {
    const router =
      `${head}@router.post(\n    "",\n    response_model=dict,\n)\ndef create(payload: dict):\n` +
      `    order = dict(payload)\n    return order\n`;
    expect(await repair(router)).toBe(
      `${head}@router.post(\n    "",\n    response_model=dict,\n    status_code=201,\n)\n` +
        `def create(payload: dict):\n    order = dict(payload)\n    return order\n`,
    );
  });

  it('adds it to a Response built into a variable the handler returns, not to the decorator', async () => {
    const router =
      `${head}@router.post("")\ndef create(payload: dict):\n` +
      `    response = JSONResponse(content=payload)\n    response.headers["X-Total"] = "1"\n    return response\n`;
    expect(await repair(router)).toBe(
      router.replace('JSONResponse(content=payload)', 'JSONResponse(content=payload, status_code=201)'),
    );
  });

  it('corrects a Response that states the status actually sent, leaving its error responses alone', async () => {
    const router =
      `${head}@router.post("")\ndef create(payload: dict):\n    if not payload:\n` +
      `        return JSONResponse({"error": "empty"}, status_code=400)\n` +
      `    return JSONResponse(content=payload, status_code=200)\n`;
    expect(await repair(router)).toBe(router.replace('status_code=200', 'status_code=201'));
  });

  it('corrects a decorator that declares another success status', async () => {
    const router = `${head}@router.post("", status_code=200)\ndef create(payload: dict):\n    return payload\n`;
    expect(await repair(router)).toContain('@router.post("", status_code=201)\n');
  });

  describe('a handler of another module registered with router.add_api_route', () => {
    const handlers =
      'from fastapi.responses import JSONResponse\n\n\ndef create_order(payload: dict):\n' +
      '    order = dict(payload)\n    return order\n\n\ndef create_invoice(payload: dict):\n' +
      '    return JSONResponse(content=payload)\n';
    const registered = (registration: string) =>
      `from fastapi import APIRouter\n\n${registration}\n\nrouter = APIRouter(prefix="/orders")\n\n` +
      `router.add_api_route(\n    "",\n    handlers.create_order,\n    methods=["POST"],\n` +
      `    response_model=dict,\n)\n`;
    const files = (router: string) => ({
      'app/main.py': main,
      'app/routers/orders.py': router,
      'app/api/handlers.py': handlers,
      'app/api/__init__.py': '',
    });

    it('puts the status on the add_api_route call when the handler returns a plain value', async () => {
      const router = registered('from app.api import handlers');
      const [only, ...rest] = await candidatesOf(pythonStatusCode, {
        files: files(router),
        cause: created('POST /orders'),
      });
      expect(rest).toEqual([]);
      expect(Object.keys(only!.changed)).toEqual(['app/routers/orders.py']);
      expect(only!.changed['app/routers/orders.py']).toBe(
        router.replace('    response_model=dict,\n)', '    response_model=dict,\n    status_code=201,\n)'),
      );
    });

    it(`adds it to the handler's own JSONResponse (imported by name) when the registration already declares \
it`, async () => {
      const router = registered('from app.api.handlers import create_invoice').replace(
        'handlers.create_order,\n    methods=["POST"],',
        'create_invoice,\n    methods=["POST"],\n    status_code=201,',
      );
      const [only] = await candidatesOf(pythonStatusCode, { files: files(router), cause: created('POST /orders') });
      expect(Object.keys(only!.changed)).toEqual(['app/api/handlers.py']);
      expect(only!.changed['app/api/handlers.py']).toBe(
        handlers.replace('JSONResponse(content=payload)', 'JSONResponse(content=payload, status_code=201)'),
      );
    });

    it('finds no route for an endpoint it cannot resolve, or for another method', async () => {
      const unknown = registered('from app.api import handlers').replace(
        'handlers.create_order',
        'make_handler("orders")',
      );
      expect(await candidatesOf(pythonStatusCode, { files: files(unknown), cause: created('POST /orders') })).toEqual(
        [],
      );
      const get = registered('from app.api import handlers').replace('methods=["POST"]', 'methods=["GET"]');
      expect(await candidatesOf(pythonStatusCode, { files: files(get), cause: created('POST /orders') })).toEqual([]);
    });
  });

  describe('a failing test that asserted the status (test-command mode)', () => {
    const router = `${head}@router.post("")\ndef create(payload: dict):\n    return payload\n`;
    const asserted = (
      message: string,
      documented: Record<string, null>,
      testLine = '    assert r.json()["id"] == 201',
    ) =>
      candidatesOf(pythonStatusCode, {
        files: {
          'app/main.py': main,
          'app/routers/orders.py': router,
          'tests/test_orders.py': `def test_create(client):\n    r = client.post("/orders", json={})\n${testLine}\n`,
        },
        culprit: { file: 'tests/test_orders.py', line: 3 },
        cause: {
          kind: 'test_failure',
          violations: [
            { endpoint: 'tests/test_orders.py::test_create', nodeid: 'tests/test_orders.py::test_create' },
          ] as unknown as RootCause['violations'],
        },
        exception: { type: 'AssertionError', message },
        operation: operation('POST /orders', documented),
      });

    it('returns the status the test expects when the operation documents it', async () => {
      const [only] = await asserted('assert 200 == 201\n +  where 200 = <Response [200 OK]>.status_code', {
        '201': null,
        '422': null,
      });
      expect(only?.changed['app/routers/orders.py']).toContain('@router.post("", status_code=201)\n');
    });

    it(`trusts a failing line that compares the response's status_code, though a generated contract documents the \
bug's 200`, async () => {
      const [only] = await asserted('assert 200 == 201', { '200': null }, '    assert r.status_code == 201');
      expect(only?.changed['app/routers/orders.py']).toContain('@router.post("", status_code=201)\n');
    });

    it('trusts no assertion of an undocumented status, nor one that is no status pair', async () => {
      expect(await asserted('assert 200 == 201', { '200': null })).toEqual([]);
      expect(await asserted('assert 3 == 201', { '201': null })).toEqual([]);
    });
  });

  it('leaves an error status alone (a 4xx or 5xx is not a success to relabel)', async () => {
    const router = `${head}@router.post("")\ndef create(payload: dict):\n    return payload\n`;
    expect(await repair(router, 'POST /orders', 422)).toBeUndefined();
  });
});
