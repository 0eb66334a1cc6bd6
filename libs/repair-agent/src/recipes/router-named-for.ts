import { stems } from '../templates/python/field-meaning.js';

// Words every router module may carry that say nothing about what it serves.
const GENERIC = new Set(
  [
    'route',
    'router',
    'routes',
    'index',
    'controller',
    'plugin',
    'handler',
    'api',
    'module',
    'src',
    'lib',
    'app',
    'http',
    'web',
    'server',
    'default',
    'endpoint',
    'v1',
    'v2',
    'v3',
    'js',
    'mjs',
    'cjs',
    'ts',
    'mts',
    'cts',
  ].flatMap((w) => stems(w)),
);

/**
 * Whether a router (its module's path and its binding's name) is named for the documented path it
 * would serve once mounted: a word of the path's static segments (`/desk-plans/{id}` → desk, plan)
 * is a word of the router's file or name (`routes/plans.routes.js`, `planRouter`), plurals folded.
 * A router's shape alone (a bare `GET /`, a `/:id`) fits every documented collection, so mounting
 * one that names something else (`bookings.routes.js` at `/plans`) would serve the wrong entity.
 */
export function routerNamedFor(path: string, owner: { readonly file: string; readonly name: string }): boolean {
  const wanted = path
    .split('/')
    .filter((segment) => segment && !segment.startsWith(':') && !segment.startsWith('{'))
    .flatMap((segment) => meaningful(segment));
  if (wanted.length === 0) return true;
  const own = new Set([...owner.file.split('/').flatMap((part) => meaningful(part)), ...meaningful(owner.name)]);
  return wanted.some((word) => own.has(word));
}

function meaningful(name: string): string[] {
  return stems(name).filter((w) => !GENERIC.has(w) && !/^\d+$/.test(w));
}
