import type { PythonProject, PythonRoute } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import { pathMatches } from '../../test-endpoint.js';
import { requestCalls } from '../../test-requests.js';
import type { RootCause } from '../../types.js';

const WRITES = new Set(['post', 'put', 'patch', 'delete']);

/**
 * The route handlers of the write requests (`client.patch(f"{API}/members/1", …)`) a failing test
 * makes in its own body. A test that writes and then reads the record back (`GET /members/1` shows
 * the old value) fails on the read, so the cause is attributed to the read's endpoint; the write
 * that was never persisted is one of these. Only the failing test's own body is read (from its
 * `def` to the next top-level statement), and only requests whose path is a known literal.
 */
export async function testWriteRoutes(
  python: PythonProject,
  tree: SourceTree,
  cause: RootCause,
): Promise<PythonRoute[]> {
  const out: PythonRoute[] = [];
  for (const v of cause.violations) {
    if (!v.nodeid) continue;
    const [testFile] = v.nodeid.split('::');
    const test = v.nodeid.split('::').pop()!.replace(/\[.*$/, '');
    const text = await tree.read(testFile!);
    if (text === null) continue;
    const lines = text.split('\n');
    const start = lines.findIndex((l) => new RegExp(`^(?:async\\s+)?def\\s+${test}\\b`).test(l)) + 1;
    if (start === 0) continue;
    const next = lines.findIndex((l, k) => k >= start && /^\S/.test(l));
    const end = next < 0 ? lines.length : next;
    const writes = (await requestCalls(tree, testFile!, text)).filter(
      (c) => WRITES.has(c.method) && c.path !== null && c.line > start && c.line <= end,
    );
    const routes = await python.routes().catch(() => []);
    for (const call of writes) {
      // A literal segment beats a parameter (`/orders/bulk` over `/orders/{order_id}`).
      const route = routes
        .filter((r) => r.method === call.method && pathMatches(r.path, call.path!))
        .sort((a, b) => params(a.path) - params(b.path))[0];
      if (route && !out.includes(route)) out.push(route);
    }
  }
  return out;
}

function params(path: string): number {
  return (path.match(/\{[^}]+\}/g) ?? []).length;
}
