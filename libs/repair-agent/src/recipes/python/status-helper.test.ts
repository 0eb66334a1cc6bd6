import { describe, expect, it } from 'vitest';
import { candidatesOf } from '../../templates/python/test-support/python-context.js';
import type { RootCause } from '../../types.js';
import { pythonStatusCode } from './status-code.js';

// heldout8 marina M2: POST /berths documented 201 answered 200 through `json_ok` of app/api/responses.py.
const main =
  'from fastapi import FastAPI\n\nfrom app.routers import berths\n\napp = FastAPI()\n' +
  'app.include_router(berths.router)\n';
const responses =
  'from fastapi.responses import JSONResponse\n\n\n' +
  'def json_ok(body, status_code: int = 200) -> JSONResponse:\n' +
  '    return JSONResponse(content=body, status_code=status_code)\n\n\ndef wrap(body) -> dict:\n' +
  '    return {"data": body}\n';
const cause: Partial<RootCause> = {
  kind: 'status_mismatch',
  violations: [
    { endpoint: 'POST /berths', expectedStatus: 201, actualStatus: 200 },
  ] as unknown as RootCause['violations'],
};
const head =
  'from fastapi import APIRouter, status\n\nfrom app.api.responses import json_ok, wrap\n\n' +
  'router = APIRouter(prefix="/berths")\n\n\n';

async function repair(router: string) {
  const found = await candidatesOf(pythonStatusCode, {
    files: { 'app/main.py': main, 'app/api/responses.py': responses, 'app/routers/berths.py': router },
    cause,
  });
  return found.map((c) => c.changed['app/routers/berths.py']);
}

describe('python.status-code through a response helper', () => {
  it("passes the route's declared status to the helper that builds the response", async () => {
    const router =
      `${head}@router.post("", status_code=status.HTTP_201_CREATED)\ndef create(payload: dict):\n` +
      `    return json_ok(payload)\n`;
    expect(await repair(router)).toEqual([
      router.replace('json_ok(payload)', 'json_ok(payload, status_code=status.HTTP_201_CREATED)'),
    ]);
  });

  it('passes the documented status, and declares it, when the route declares none', async () => {
    const router =
      `${head}@router.post("")\ndef create(payload: dict):\n    if not payload:\n` +
      `        return wrap(payload)\n    return json_ok(\n        payload,\n    )\n`;
    expect(await repair(router)).toEqual([
      router
        .replace('@router.post("")', '@router.post("", status_code=201)')
        .replace('        payload,\n    )', '        payload,\n        status_code=201,\n    )'),
    ]);
  });

  it('leaves a helper call that already passes a status, or a helper that takes none, to the decorator', async () => {
    const positional =
      `${head}@router.post("", status_code=201)\ndef create(payload: dict):\n` + `    return json_ok(payload, 200)\n`;
    expect(await repair(positional)).toEqual([]);
    const plain = `${head}@router.post("")\ndef create(payload: dict):\n    return wrap(payload)\n`;
    expect(await repair(plain)).toEqual([plain.replace('@router.post("")', '@router.post("", status_code=201)')]);
  });
});
