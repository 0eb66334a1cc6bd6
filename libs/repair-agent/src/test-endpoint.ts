/**
 * Which documented operation a failing test exercised. In test-command mode a failure is named
 * by its test (`tests/test_books.py::test_get_book`), yet the templates that follow the contract
 * need the operation: from the traceback, the route handler it ran through (the route index
 * maps handler functions to method and path); for a failure raised in the test itself (an
 * `assert resp.status_code == 201`), the request the test made before the failing line, or none
 * when the failing line makes its own request and its URL is not read (a variable).
 */
import type { StackFrame } from '@smoke-repair/log-parser';
import type { ApiModel, ApiOperation, Violation } from '@smoke-repair/smoke-validator';
import type { PythonProject } from './python/python-project.js';
import { pathShape } from './recipes/python/route-match.js';
import type { SourceTree } from './source/source-tree.js';
import { requestCalls } from './test-requests.js';
import { assertedStatus, refusedEndpoint, unservedEndpoint } from './test-status.js';

/**
 * A test's violation with `endpoint` set to the operation it exercised, when that is certain; a
 * failing `assert resp.status_code == 201` also gives the statuses (`status_mismatch`), a 404
 * for a path only an unmounted router defines names that route's endpoint, and a 405 the test's
 * method on the path of the routes that refused it.
 */
export async function withTestEndpoint(
  violation: Violation,
  contract: ApiModel,
  tree: SourceTree,
  python: PythonProject,
): Promise<Violation> {
  if (!violation.nodeid) return violation;
  const request = await testRequest(violation, tree);
  const operation = (await byHandler(violation, contract, python)) ?? (request ? byRequest(request, contract) : null);
  const asserted = request ? assertedStatus(violation, request.failingLine) : null;
  // A 5xx whose exception the app raised (a test client that answers it as a 500, its traceback printed) is that
  // runtime error, not a status mismatch: the templates follow the exception.
  const raisedInApp = asserted !== null && asserted.actual >= 500 && raisedByApp(violation);
  const status = raisedInApp ? null : asserted;
  const mismatch = status
    ? { kind: 'status_mismatch' as const, expectedStatus: status.expected, actualStatus: status.actual }
    : {};
  if (operation)
    return { ...violation, endpoint: operation.endpoint, method: operation.method.toUpperCase(), ...mismatch };
  // The contract may be the code's own (`app.openapi()`), without the test's operation: the routes name it.
  const unserved = !request
    ? null
    : status?.actual === 404
      ? await unservedEndpoint(python, request.method, request.path)
      : status?.actual === 405
        ? await refusedEndpoint(python, request.method, request.path)
        : null;
  return unserved
    ? { ...violation, endpoint: unserved, method: request!.method.toUpperCase(), ...mismatch }
    : violation;
}

async function byHandler(
  violation: Violation,
  contract: ApiModel,
  python: PythonProject,
): Promise<ApiOperation | null> {
  const frames = violation.traces.flatMap((t) => t.frames).filter((f) => f.inApp && f.function);
  if (frames.length === 0) return null;
  const routes = await python.routes().catch(() => []);
  // Outermost first: the handler is the first in-app frame under the test that a route names.
  for (const frame of frames) {
    const route = routes.find((r) => r.included && r.handler.name === frame.function && sameFile(frame, r.file));
    if (!route) continue;
    const shape = pathShape(route.path);
    const found = contract.operations.filter(
      (op) =>
        pathShape(op.path) === shape && (route.method === 'api_route' || op.method.toLowerCase() === route.method),
    );
    if (found.length === 1) return found[0]!;
  }
  return null;
}

interface TestRequest {
  readonly method: string;
  readonly path: string;
  /** The test's failing line. */
  readonly failingLine: string;
}

// The last request the test made before its failing line.
async function testRequest(violation: Violation, tree: SourceTree): Promise<TestRequest | null> {
  const testFile = violation.nodeid!.split('::')[0]!;
  const frame = [...violation.traces.flatMap((t) => t.frames)].reverse().find((f) => sameFile(f, testFile));
  if (!frame) return null;
  const text = await tree.read(testFile);
  if (text === null) return null;
  const lines = text.split('\n');
  // From the failing line up to the test function's `def`: the last request made before it failed.
  let start = frame.line - 1;
  while (start > 0 && !/^\s*(async\s+)?def\s/.test(lines[start] ?? '')) start--;
  // `resp = client.post(...)` then `assert resp.status_code == 201`, or the request on the failing line itself.
  const calls = (await requestCalls(tree, testFile, text)).filter((c) => c.line > start && c.line <= frame.line);
  const failingLine = lines[frame.line - 1] ?? '';
  // `assert client.delete(url).status_code == 204` with a URL not read: the failing status is that
  // request's, so an earlier setup request (`client.post("/orders")`) would name the wrong endpoint.
  if (makesClientCall(failingLine) && !calls.some((c) => c.line === frame.line)) return null;
  const last = calls[calls.length - 1];
  if (!last?.path) return null;
  return { method: last.method, path: last.path, failingLine };
}

// The failure's exception is the app's (its culprit in the app, or no frame of the test's: FastAPI's
// ResponseValidationError), not the test's assertion.
function raisedByApp(violation: Violation): boolean {
  const type = violation.traces[0]?.exception.type;
  if (!type || /(^|\.)AssertionError$/.test(type)) return false;
  const file = violation.signature.file;
  return !!file && (file !== violation.nodeid!.split('::')[0] || !violation.traces[0]!.culprit);
}

// A client request on a line: `client.delete(url)`, `api_client.get(path)`. A `.get(` whose receiver
// is not named like a client is a dict's or a response's (`resp.json().get("id")`), not a request.
function makesClientCall(line: string): boolean {
  for (const m of line.matchAll(/(^|[^\w.)\]])(\w+)\.(get|post|put|patch|delete)\(/g)) {
    if (m[3] !== 'get' || /client/i.test(m[2]!)) return true;
  }
  return false;
}

function byRequest(request: TestRequest, contract: ApiModel): ApiOperation | null {
  const found = contract.operations.filter(
    (op) => op.method.toLowerCase() === request.method && pathMatches(op.path, request.path),
  );
  // A literal segment beats a parameter (`/orders/pending` over `/orders/{order_id}`).
  found.sort((a, b) => paramCount(a.path) - paramCount(b.path));
  return found[0] ?? null;
}

/** Whether a requested path (`/orders/7`, `/orders/{order['id']}`) is one of a route template's (`/orders/{id}`). */
export function pathMatches(template: string, requested: string): boolean {
  const want = template.replace(/\/+$/, '').split('/');
  const got = requested.replace(/\/+$/, '').split('/');
  if (want.length !== got.length) return false;
  return want.every((segment, i) => /^\{[^}]+\}$/.test(segment) || /\{[^}]*\}/.test(got[i]!) || segment === got[i]);
}

function paramCount(path: string): number {
  return (path.match(/\{[^}]+\}/g) ?? []).length;
}

function sameFile(frame: StackFrame, relative: string): boolean {
  const file = frame.file.replace(/\\/g, '/');
  return file === relative || file.endsWith(`/${relative}`);
}
