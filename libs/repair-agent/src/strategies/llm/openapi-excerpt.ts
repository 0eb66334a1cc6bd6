/**
 * An OpenAPI operation cut to what bears on a failure: its request (parameters, body) and the
 * responses of the statuses involved (the expected and the actual one, and `default` when one of
 * them is not documented); the other responses (a framework's 422 with its validation schemas,
 * say) are named in `omitted`, not shown — they were 40% of a prompt and never the fix.
 */
export function trimOperation(
  operation: unknown,
  statuses: readonly (number | null)[],
): { operation: unknown; omitted: string[] } {
  if (!isRecord(operation) || !isRecord(operation['responses'])) return { operation, omitted: [] };
  const wanted = new Set(statuses.filter((s): s is number => s !== null).map(String));
  const responses = operation['responses'];
  const keep = (code: string): boolean =>
    wanted.has(code) ||
    (/^[1-5]XX$/i.test(code) && [...wanted].some((s) => s[0] === code[0])) ||
    (code === 'default' && [...wanted].some((s) => !(s in responses)));
  const kept = Object.fromEntries(Object.entries(responses).filter(([code]) => keep(code)));
  const omitted = Object.keys(responses).filter((code) => !keep(code));
  // Nothing involved is documented: the whole list is the only evidence of what is expected.
  if (Object.keys(kept).length === 0) return { operation, omitted: [] };
  return { operation: { ...operation, responses: kept }, omitted };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
