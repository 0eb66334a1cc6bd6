import type { StackFrame } from '@smoke-repair/log-parser';
import { buildApiModel, type Violation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { memoryTree } from './node/test-support/memory-tree.js';
import { createPythonProject } from './python/python-project.js';
import { fakeInspector, parsedModule, routeHandler } from './python/test-support/fake-python.js';
import { withTestEndpoint } from './test-endpoint.js';

const contract = buildApiModel(
  {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: {
      '/books/{book_id}': { get: { responses: { '200': { description: 'ok' }, '404': { description: 'missing' } } } },
      '/loans/overdue': { get: { responses: { '200': { description: 'ok' } } } },
      '/loans/{loan_id}': { get: { responses: { '200': { description: 'ok' } } } },
      '/members': { post: { responses: { '201': { description: 'created' } } } },
    },
  },
  'test',
);

const testSource = `from fastapi.testclient import TestClient


def test_register(client):
    resp = client.post("/members", json={"name": "x"})
    assert resp.status_code == 201


def test_overdue(client):
    client.get("/loans/1")
    resp = client.get("/loans/overdue")
    assert resp.status_code == 200


def test_get_book(client):
    created = client.post("/members", json={}).json()
    resp = client.get(f"/books/{created['id']}")
    assert resp.json()["id"] == 1


def test_delete_member(client):
    created = client.post("/members", json={}).json()
    url = "/members/" + str(created["id"])
    assert client.delete(url).status_code == 204
`;

function frame(file: string, line: number, fn: string, inApp = true): StackFrame {
  return { file, line, function: fn, inApp };
}

function testViolation(nodeid: string, frames: StackFrame[]): Violation {
  return {
    nodeid,
    endpoint: nodeid,
    method: 'TEST',
    path: nodeid,
    expectedStatus: null,
    actualStatus: null,
    kind: 'test_failure',
    message: 'failed',
    responseExcerpt: '',
    requestId: null,
    traces: [
      {
        language: 'python',
        exception: { type: 'AssertionError', message: '' },
        frames,
        culprit: frames[frames.length - 1] ?? null,
        causes: [],
        children: [],
        signature: { hash: 'h', key: 'k', exceptionType: 'AssertionError', message: '' },
        span: { startLine: 1, endLine: 2 },
        partial: false,
      },
    ],
    signature: { hash: 'h', key: 'k', exceptionType: 'AssertionError', message: '' },
    reproduce: '',
  } as Violation;
}

function project() {
  const tree = memoryTree({ 'tests/test_api.py': testSource, 'app/main.py': '' });
  const main = parsedModule('app/main.py', {
    apps: [{ var: 'app', line: 1 }],
    functions: [routeHandler('get_book', 10, 'app', 'get', '/books/{book_id}')],
  });
  return { tree, python: createPythonProject(tree, fakeInspector([main])) };
}

describe('withTestEndpoint', () => {
  it('names the operation whose route handler the traceback ran through', async () => {
    const { tree, python } = project();
    const v = testViolation('tests/test_api.py::test_get_book', [
      frame('/srv/app/tests/test_api.py', 17, 'test_get_book'),
      frame('/srv/app/app/main.py', 13, 'get_book'),
      frame('/srv/app/app/services.py', 5, 'find'),
    ]);
    const located = await withTestEndpoint(v, contract, tree, python);
    expect(located.endpoint).toBe('GET /books/{book_id}');
    expect(located.nodeid).toBe('tests/test_api.py::test_get_book');
  });

  it('falls back to the last request the test made before its failing line', async () => {
    const { tree, python } = project();
    const status = testViolation('tests/test_api.py::test_register', [
      frame('/srv/app/tests/test_api.py', 6, 'test_register'),
    ]);
    expect((await withTestEndpoint(status, contract, tree, python)).endpoint).toBe('POST /members');
    // Two requests: the later one; a literal segment wins over a parameter.
    const overdue = testViolation('tests/test_api.py::test_overdue', [
      frame('/srv/app/tests/test_api.py', 12, 'test_overdue'),
    ]);
    expect((await withTestEndpoint(overdue, contract, tree, python)).endpoint).toBe('GET /loans/overdue');
  });

  it('names no request when the failing line makes a request whose URL is not read', async () => {
    const { tree, python } = project();
    // `client.delete(url)` failed with 405; the setup `client.post("/members")` is not the request that did.
    const v = testViolation('tests/test_api.py::test_delete_member', [
      frame('/srv/app/tests/test_api.py', 24, 'test_delete_member'),
    ]);
    v.traces[0]!.exception.message = 'assert 405 == 204';
    const located = await withTestEndpoint(v, contract, tree, python);
    expect(located.endpoint).toBe(v.endpoint);
    expect(located.kind).toBe('test_failure');
  });

  it('leaves the violation as it is when nothing names an operation', async () => {
    const { tree, python } = project();
    const v = testViolation('tests/test_other.py::test_x', [frame('/srv/app/tests/test_other.py', 3, 'test_x')]);
    expect(await withTestEndpoint(v, contract, tree, python)).toBe(v);
    const http = { ...v, nodeid: undefined, scenarioId: 's1' } as Violation;
    expect(await withTestEndpoint(http, contract, tree, python)).toBe(http);
  });
});
