/**
 * Whether a refusal's body names fields of the request body it refused (`{"issues": [{"path":
 * "scheduledAt"}]}`, `"scheduledAt: Expected date"`), and none of them is one a contract example
 * filled (`sentAs`): the documented body itself was refused, not the example standing in for an id
 * the run could not make. A body naming no request field tells nothing (false).
 */
export function namesOnlyOtherFields(
  responseBody: string,
  requestJson: unknown,
  examples: readonly { readonly sentAs?: string }[],
): boolean {
  if (!requestJson || typeof requestJson !== 'object' || Array.isArray(requestJson)) return false;
  const fields = Object.keys(requestJson as Record<string, unknown>);
  const named = fields.filter((f) => new RegExp(`(?<![\\w$])${f.replace(/\$/g, '\\$')}(?![\\w$])`).test(responseBody));
  const filled = new Set(examples.flatMap((e) => (e.sentAs ? [e.sentAs] : [])));
  return named.length > 0 && named.every((f) => !filled.has(f));
}
