/**
 * Path segments that are values, not names: `{param}` / `:param` templates, numbers, UUIDs,
 * hex ids, ULIDs, and long mixed alphanumerics.
 */
const VALUE_SEGMENT = [
  /^\{[^}]*\}$/,
  /^:[A-Za-z_]\w*$/,
  /^<[^>]*>$/,
  /^\d+$/,
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /^[0-9a-f]{12,}$/i,
  /^[0-9A-HJKMNP-TV-Z]{26}$/,
  /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_-]{16,}$/,
];

/**
 * The endpoint shape used to match fixes across apps (the seed's "same endpoint pattern"):
 * the method, then `{collection}` for each name segment and `{id}` for each value segment.
 *
 * @example endpointShape('post', '/carts/{cart_id}/items') // 'POST /{collection}/{id}/{collection}'
 * @example endpointShape('GET', '/orders/42?x=1')          // 'GET /{collection}/{id}'
 */
export function endpointShape(method: string, path: string): string {
  const bare = path.replace(/[?#].*$/, '');
  const segments = bare.split('/').filter((segment) => segment.length > 0);
  const shaped = segments.map((segment) => (VALUE_SEGMENT.some((re) => re.test(segment)) ? '{id}' : '{collection}'));
  return `${method.trim().toUpperCase()} /${shaped.join('/')}`;
}

/**
 * The error kind of a violation, for matching: the HTTP status when there was a response
 * (`"500"`), else the violation kind (`"timeout"`, `"connection_error"`, `"test_failure"`).
 */
export function errorKindOf(violation: { actualStatus?: number | null; kind?: string }): string | undefined {
  if (typeof violation.actualStatus === 'number') return String(violation.actualStatus);
  return violation.kind;
}
