import { buildApiModel, type Violation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { createPythonInspector } from './adapters/python-inspector.js';
import { groupRootCauses } from './group-root-causes.js';
import { memoryTree } from './node/test-support/memory-tree.js';
import { createPythonProject } from './python/python-project.js';
import { withTestEndpoint } from './test-endpoint.js';

const files = {
  'app/__init__.py': '',
  'app/routers/__init__.py': '',
  'app/main.py':
    'from fastapi import FastAPI\n\nfrom app.routers import pets\n\napp = FastAPI()\napp.include_router(pets.router)\n',
  'app/routers/pets.py':
    'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/pets")\n\n\n' +
    '@router.post("", status_code=201)\ndef add_pet(payload: dict):\n    return payload\n\n\n' +
    '@router.get("/{pet_id}")\ndef get_pet(pet_id: int):\n    return {"id": pet_id}\n\n\n' +
    '@router.patch("/{pet_id}/adopt")\ndef adopt(pet_id: int):\n    return {"id": pet_id}\n',
  'app/routers/visits.py':
    'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/visits")\n\n\n@router.get("")\n' +
    'def list_visits():\n    return []\n\n\n@router.get("/{code}/slots")\ndef slots(code: str):\n' +
    '    return []\n',
  'tests/conftest.py': 'import pytest\n\nPETS = "/pets"\n',
  'tests/test_adopt.py': [
    'from tests.conftest import PETS',
    '',
    'def test_adopt(client):',
    '    assert client.post(f"{PETS}/7/adopt").status_code == 200',
    '',
  ].join('\n'),
  'tests/test_api.py': [
    'def test_slots(client):',
    '    r = client.get("/visits/V1/slots", params={"on": "2030-01-01"})',
    '    assert r.status_code == 200',
    '',
    'def test_add_pet(client):',
    '    r = client.post("/pets", json={"name": "Rex"})',
    '    assert r.status_code == 201, r.text',
    '',
    'def test_missing_pet(client):',
    '    r = client.get("/pets/7")',
    '    assert r.status_code == 200',
    '',
    'def test_pet_body(client):',
    '    r = client.get("/pets/7")',
    '    assert r.json() == {"id": 8}',
    '',
  ].join('\n'),
};
// FastAPI documents only what is served: the unmounted /visits routes are not in it.
const contract = buildApiModel(
  {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: {
      '/pets': { post: { responses: { '201': { description: 'created' }, '409': { description: 'taken' } } } },
      '/pets/{pet_id}': { get: { responses: { '200': { description: 'ok' } } } },
      '/pets/{pet_id}/adopt': { post: { responses: { '200': { description: 'ok' } } } },
    },
  },
  'test',
);

// A pytest failure as the test-command smoke reports it: the message, and the long traceback's `E` lines.
function failure(test: string, line: number, message: string, eLines: string[], file = 'tests/test_api.py'): Violation {
  const frames = [{ file: `/tmp/sandbox/app/${file}`, function: test, line, inApp: true }];
  const signature = { hash: test, key: test, exceptionType: 'AssertionError', message };
  return {
    nodeid: `${file}::${test}`,
    endpoint: `${file}::${test}`,
    method: 'TEST',
    path: file,
    expectedStatus: null,
    actualStatus: null,
    kind: 'test_failure',
    message: `tests/test_api.py::${test} failed: AssertionError: ${message}`,
    responseExcerpt: [...eLines.map((l) => `E       ${l}`), '', `${file}:${line}: AssertionError`].join('\n'),
    requestId: null,
    traces: [
      {
        language: 'python',
        exception: { type: 'AssertionError', message },
        frames,
        culprit: frames[0]!,
        causes: [],
        children: [],
        signature,
        span: { startLine: 1, endLine: 2 },
        partial: false,
      },
    ],
    signature,
    reproduce: '',
  } as Violation;
}

async function locate(v: Violation, api = contract): Promise<Violation> {
  const tree = memoryTree(files);
  return withTestEndpoint(v, api, tree, createPythonProject(tree, createPythonInspector()));
}

describe('a failing status assertion of a test', () => {
  it("is the route missing when only an unmounted router's route ends the requested path", async () => {
    const located = await locate(
      failure('test_slots', 3, 'assert 404 == 200', [
        'assert 404 == 200',
        ' +  where 404 = <Response [404 Not Found]>.status_code',
      ]),
    );
    expect(located).toMatchObject({
      endpoint: 'GET /visits/{code}/slots',
      method: 'GET',
      kind: 'status_mismatch',
      expectedStatus: 200,
      actualStatus: 404,
    });
    expect(groupRootCauses([located])[0]?.kind).toBe('route_missing');
  });

  it('is a status mismatch of the documented operation, read from the E line under a custom message', async () => {
    const located = await locate(
      failure('test_add_pet', 7, '{"detail":"Rex is already registered"}', [
        'AssertionError: {"detail":"Rex is already registered"}',
        'assert 409 == 201',
      ]),
    );
    expect(located).toMatchObject({
      endpoint: 'POST /pets',
      kind: 'status_mismatch',
      expectedStatus: 201,
      actualStatus: 409,
    });
  });

  it('reads the comparison from the message when a custom message comes first and no E line was kept', async () => {
    const located = await locate(
      failure('test_add_pet', 7, '{"detail":"Rex is already registered"}\nassert 409 == 201\n +  where 409 = x', []),
    );
    expect(located).toMatchObject({ endpoint: 'POST /pets', expectedStatus: 201, actualStatus: 409 });
  });

  it(`names the served operation for its own 404, and stays a test failure when the assertion is on something \
else`, async () => {
    const served = await locate(failure('test_missing_pet', 11, 'assert 404 == 200', ['assert 404 == 200']));
    expect(served).toMatchObject({ endpoint: 'GET /pets/{pet_id}', kind: 'status_mismatch', actualStatus: 404 });
    const body = await locate(
      failure('test_pet_body', 15, "assert {'id': 7} == {'id': 8}", ["assert {'id': 7} == {'id': 8}"]),
    );
    expect(body).toMatchObject({
      endpoint: 'GET /pets/{pet_id}',
      kind: 'test_failure',
      expectedStatus: null,
      actualStatus: null,
    });
  });

  it(`reads a request on the asserted line whose path opens with an imported constant: a 405 of the documented \
operation, or, with the code's own contract, of the test's method on the path of the route refusing it`, async () => {
    const adopt = () => failure('test_adopt', 4, 'assert 405 == 200', ['assert 405 == 200'], 'tests/test_adopt.py');
    const expected = { kind: 'status_mismatch', expectedStatus: 200, actualStatus: 405 };
    expect(await locate(adopt())).toMatchObject({ endpoint: 'POST /pets/{pet_id}/adopt', ...expected });
    // `app.openapi()` documents the route as the code declares it: PATCH.
    const generated = buildApiModel(
      {
        openapi: '3.1.0',
        info: { title: 't', version: '1' },
        paths: { '/pets/{pet_id}/adopt': { patch: { responses: { '200': { description: 'ok' } } } } },
      },
      'app.openapi()',
    );
    expect(await locate(adopt(), generated)).toMatchObject({ endpoint: 'POST /pets/{pet_id}/adopt', ...expected });
  });
});
