import type { ApiModel } from '@smoke-repair/smoke-validator';
import type { PythonProject } from '../python/python-project.js';
import { pathShape } from '../recipes/python/route-match.js';
import type { RootCause } from '../types.js';

/**
 * The documented endpoint whose handler the trace itself passes through (a Python frame that is
 * a FastAPI route's handler), when no violation of the cause names it; else null. The smoke ties a
 * trace to a request by the order of the log, which can put it on the next request; the handler
 * frame cannot be wrong, so templates read that operation's contract (its 404, its request body).
 */
export async function tracedEndpoint(
  cause: RootCause,
  python: PythonProject | undefined,
  contract: ApiModel | null,
): Promise<string | null> {
  const frames = (cause.trace?.frames ?? []).filter((f) => f.inApp && f.function);
  if (!python || !contract || frames.length === 0 || cause.trace?.language !== 'python') return null;
  const routes = await python.routes().catch(() => []);
  for (const frame of frames) {
    const route = routes.find(
      (r) => r.handler.name === frame.function && (frame.file === r.file || frame.file.endsWith(`/${r.file}`)),
    );
    if (!route) continue;
    const operation = contract.operations.find((op) => {
      const [method, path] = op.endpoint.split(/\s+/);
      return method?.toLowerCase() === route.method && path !== undefined && pathShape(path) === pathShape(route.path);
    });
    if (!operation || cause.violations.some((v) => v.endpoint === operation.endpoint)) return null;
    return operation.endpoint;
  }
  return null;
}
