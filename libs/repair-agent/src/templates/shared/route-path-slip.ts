/**
 * How a served route's path (`/dye-batches/dye-batches/{}`) misses a documented one
 * (`/dye-batches/{}`) that answers 404: a prefix given twice (the router's own and its mount's),
 * or one segment of the prefix in the other number (`/member` for `/members`). Shapes only
 * (`{}` for parameters); null when the paths differ otherwise.
 */
export type RoutePathSlip =
  | { readonly kind: 'doubled'; readonly prefix: string }
  | { readonly kind: 'number'; readonly served: string; readonly documented: string };

/** The slip that turns `documented` into `served`, or null. */
export function routePathSlip(served: string, documented: string): RoutePathSlip | null {
  const s = segments(served);
  const d = segments(documented);
  // `/a/b/a/b/c` for `/a/b/c`: a run of segments repeated right after itself.
  if (s.length > d.length) {
    for (let n = 1; 2 * n <= s.length; n++) {
      for (let at = 0; at + 2 * n <= s.length; at++) {
        const run = s.slice(at, at + n);
        if (run.some((x) => x === '{}') || run.join('/') !== s.slice(at + n, at + 2 * n).join('/')) continue;
        const rest = [...s.slice(0, at + n), ...s.slice(at + 2 * n)];
        if (rest.join('/') === d.join('/')) return { kind: 'doubled', prefix: `/${run.join('/')}` };
      }
    }
    return null;
  }
  if (s.length !== d.length) return null;
  const differ = s.map((x, i) => i).filter((i) => s[i] !== d[i]);
  if (differ.length !== 1) return null;
  const [a, b] = [s[differ[0]!]!, d[differ[0]!]!];
  const plural = (x: string, y: string) =>
    y === `${x}s` || y === `${x}es` || (x.endsWith('y') && y === `${x.slice(0, -1)}ies`);
  return a !== '{}' && b !== '{}' && (plural(a, b) || plural(b, a))
    ? { kind: 'number', served: a, documented: b }
    : null;
}

/**
 * One literal segment spelt in another case style than the documented one (`/api/rodBatches` for
 * `/api/rod-batches`, `/api/rod_batches`): the same letters once case and `-` / `_` are set aside.
 * Null when the paths differ otherwise.
 */
export function spellingSlip(
  served: string,
  documented: string,
): { readonly kind: 'spelling'; readonly served: string; readonly documented: string } | null {
  const s = segments(served);
  const d = segments(documented);
  if (s.length !== d.length) return null;
  const differ = s.map((x, i) => i).filter((i) => s[i] !== d[i]);
  if (differ.length !== 1) return null;
  const [a, b] = [s[differ[0]!]!, d[differ[0]!]!];
  const letters = (x: string) => x.toLowerCase().replace(/[-_]/g, '');
  return a !== '{}' && b !== '{}' && /^[\w-]+$/.test(a) && letters(a) === letters(b)
    ? { kind: 'spelling', served: a, documented: b }
    : null;
}

/** Whether a path (`/api/yard/{}`) has `segment` as one of its segments. */
export function holdsSegment(path: string, segment: string): boolean {
  return path.split('/').includes(segment);
}

/** The path with a `number` slip's served segment in the documented number (`/api/yard` → `/api/yards`). */
export function renumbered(path: string, slip: { readonly served: string; readonly documented: string }): string {
  return path
    .split('/')
    .map((s) => (s === slip.served ? slip.documented : s))
    .join('/');
}

function segments(shape: string): string[] {
  return shape.split('/').filter(Boolean);
}
