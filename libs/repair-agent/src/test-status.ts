/**
 * What a test's failing status assertion says. `assert resp.status_code == 201` fails as pytest's
 * `assert 409 == 201` (the message, or an `E` line under a custom message): the status the app
 * answered and the one the test wants, so a test failure is the status mismatch it reports. A 404
 * for a path that only a router nothing mounts defines is that route missing, and a 405 names the
 * path of the routes that refused the method.
 */
import type { Violation } from '@smoke-repair/smoke-validator';
import type { PythonProject } from './python/python-project.js';

/** The statuses a failing `assert x.status_code == N` compared, when the failure shows them. */
export function assertedStatus(violation: Violation, failingLine: string): { actual: number; expected: number } | null {
  // `assert r.status_code == 201`, or on the request itself: `assert client.post(url).status_code == 409`.
  const wanted = /^\s*assert\s+(?:[\w.]+|[\w.]+\(.*\))\.status_code\s*==\s*(\d{3})\b/.exec(failingLine)?.[1];
  if (!wanted) return null;
  // The message's own lines too: a custom message (`, r.text`) comes first, pytest's comparison after it.
  const shown = [
    ...(violation.traces[0]?.exception.message ?? '').split('\n'),
    ...violation.responseExcerpt.split('\n').flatMap((l) => (/^E\s/.test(l) ? [l.slice(1)] : [])),
  ];
  for (const text of shown) {
    const compared = /^assert (\d{3}) == (\d{3})$/.exec(text.trim());
    if (compared && compared[2] === wanted && compared[1] !== wanted)
      return { actual: Number(compared[1]), expected: Number(wanted) };
  }
  return null;
}

/**
 * `GET /runs/{code}/availability` for a test's `client.get("/runs/B1/availability")` that got a
 * 404: the endpoint of the one route, in a router no `include_router` chain reaches, whose path
 * ends the requested one, when no served route matches the request. Null otherwise.
 */
export async function unservedEndpoint(python: PythonProject, method: string, path: string): Promise<string | null> {
  const routes = await python.routes().catch(() => []);
  const requested = segments(path);
  const takes = (routeMethod: string) => routeMethod === method || routeMethod === 'api_route';
  if (routes.some((r) => r.included && takes(r.method) && fits(segments(r.path), requested))) return null;
  const endpoints = new Set<string>();
  for (const route of routes) {
    const own = segments(route.path);
    if (route.included || !route.mountRoot || !takes(route.method) || own.length > requested.length) continue;
    const head = requested.slice(0, requested.length - own.length);
    if (fits(own, requested.slice(head.length)))
      endpoints.add(`${method.toUpperCase()} /${[...head, ...own].join('/')}`);
  }
  return endpoints.size === 1 ? [...endpoints][0]! : null;
}

/**
 * `POST /orders/{order_id}/cancel` for a test's `client.post("/orders/7/cancel")` that got a 405: the
 * test's method on the path of the served routes that match the request with other methods, when
 * they all declare one path and none takes the method. Null otherwise.
 */
export async function refusedEndpoint(python: PythonProject, method: string, path: string): Promise<string | null> {
  const requested = segments(path);
  const served = (await python.routes().catch(() => [])).filter((r) => r.included && fits(segments(r.path), requested));
  if (served.length === 0 || served.some((r) => r.method === method || r.method === 'api_route')) return null;
  const paths = new Set(served.map((r) => `/${segments(r.path).join('/')}`));
  return paths.size === 1 ? `${method.toUpperCase()} ${[...paths][0]!}` : null;
}

function segments(path: string): string[] {
  return path.split('?')[0]!.split('/').filter(Boolean);
}

// Same length, each segment equal or a parameter on either side (`{code}`, an f-string's `{run['code']}`).
function fits(route: readonly string[], requested: readonly string[]): boolean {
  return (
    route.length === requested.length &&
    route.every((s, i) => s === requested[i] || s.includes('{') || requested[i]!.includes('{'))
  );
}
