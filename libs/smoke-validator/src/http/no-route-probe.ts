import type { ExecuteOptions } from './execute-options.js';

// A path no app serves: its answer is the app's "no route matched" fallback.
const PROBE_SEGMENT = '__smoke_repair_no_such_route__';

/**
 * Tells a 404 that says "no route matched" from a handler's "no such record": the app's fallback
 * answer, learned once per method from a request to a path nothing serves (`PATCH
 * /api/__smoke_repair_no_such_route__`), is compared with the 404 a documented example got, each
 * with its own path masked (`Route PATCH /x not found`). The same body means the example's route
 * is not there for that method (a handler registered as PUT where the contract says PATCH): a
 * failure of the endpoint, not an example the app does not hold. A fallback that is no 404, or a
 * probe that gets no answer, tells nothing.
 */
export function createNoRouteProbe(
  options: Pick<ExecuteOptions, 'http' | 'baseUrl' | 'headers' | 'timeoutMs' | 'signal'>,
): (method: string, url: string, body: string) => Promise<boolean> {
  const fallbacks = new Map<string, Promise<string | null>>();
  const fallbackOf = (method: string, prefix: string): Promise<string | null> => {
    const key = `${method} ${prefix}`;
    let found = fallbacks.get(key);
    if (!found) {
      found = (async () => {
        const path = `${prefix}/${PROBE_SEGMENT}`;
        const response = await options.http.send({
          method,
          url: new URL(path, options.baseUrl).toString(),
          headers: {
            ...(options.headers ?? {}),
            ...(['POST', 'PUT', 'PATCH'].includes(method) ? { 'content-type': 'application/json' } : {}),
          },
          ...(['POST', 'PUT', 'PATCH'].includes(method) ? { body: '{}' } : {}),
          timeoutMs: options.timeoutMs ?? 10_000,
          maxBodyBytes: 64 * 1024,
          ...(options.signal ? { signal: options.signal } : {}),
        });
        return response.ok && response.status === 404 ? masked(response.body, path) : null;
      })().catch(() => null);
      fallbacks.set(key, found);
    }
    return found;
  };
  return async (method, url, body) => {
    const path = new URL(url).pathname;
    // The first segment of the path (`/api`): a fallback mounted under a prefix answers there.
    const prefix = /^\/[^/]+(?=\/)/.exec(path)?.[0] ?? '';
    const fallback = await fallbackOf(method, prefix);
    return fallback !== null && fallback === masked(body, path);
  };
}

// The body with its request path (and that path's URL-encoded form) masked.
function masked(body: string, path: string): string {
  const forms = [...new Set([path, encodeURI(path), path.replace(/\//g, '\\/')])].sort((a, b) => b.length - a.length);
  let text = body.trim();
  for (const form of forms) text = text.split(form).join('{path}');
  return text;
}
