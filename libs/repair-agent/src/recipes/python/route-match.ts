import type { PythonProject, PythonRoute } from '../../python/python-project.js';

/** `POST /carts/{cart_id}/items` → method and a path shape with parameter names erased. */
export function parseEndpoint(endpoint: string): { method: string; shape: string } | null {
  const match = /^([A-Z]+)\s+(\/\S*)$/.exec(endpoint.trim());
  return match ? { method: match[1]!.toLowerCase(), shape: pathShape(match[2]!) } : null;
}

/** `/carts/{cart_id}/items/` → `/carts/{}/items` */
export function pathShape(path: string): string {
  const shaped = path.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '');
  return shaped === '' ? '/' : shaped;
}

/** The handler of a documented endpoint, when the project defines one. */
export async function findRoute(python: PythonProject, endpoint: string): Promise<PythonRoute | undefined> {
  const parsed = parseEndpoint(endpoint);
  if (!parsed) return undefined;
  return (await python.routes()).find(
    (r) => (r.method === parsed.method || r.method === 'api_route') && pathShape(r.path) === parsed.shape,
  );
}
