/**
 * Secret redaction for everything smoke writes (reports, JSON output, curl commands):
 * credential headers, tokens in query strings, secret-looking fields in bodies.
 */

/** The replacement text. */
export const REDACTED = '[REDACTED]';

const SECRET_HEADER =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token|x-access-token|x-csrf-token)$/i;
const SECRET_KEY = new RegExp(
  String.raw`(pass(word|wd)?|secret|token|api[-_]?key|apikey|access[-_]?key|private[-_]?key|credential|` +
    String.raw`session[-_]?id|authorization|client[-_]?secret)`,
  'i',
);

/** True for a header whose value is a credential. */
function isSecretHeader(name: string): boolean {
  return SECRET_HEADER.test(name) || SECRET_KEY.test(name);
}

/** True for a body field or query parameter that holds a secret. */
function isSecretKey(name: string): boolean {
  return SECRET_KEY.test(name);
}

/** Headers with credential values replaced. */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, isSecretHeader(k) ? REDACTED : v]));
}

/** A URL (absolute or a path) with secret query parameters and userinfo replaced. */
export function redactUrl(url: string): string {
  return url
    .replace(/^(\w+:\/\/)[^/@\s]+@/, `$1${REDACTED}@`)
    .replace(/([?&])([^=&#]+)=([^&#]*)/g, (all, sep: string, key: string) =>
      isSecretKey(decodeURIComponent(key)) ? `${sep}${key}=${REDACTED}` : all,
    );
}

/** A JSON-like value with secret fields replaced (deep). */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      isSecretKey(k) && (typeof v === 'string' || typeof v === 'number') ? REDACTED : redactValue(v, depth + 1),
    ]),
  );
}

/**
 * Free text (a response excerpt, a log line) with obvious secrets replaced: bearer tokens,
 * `"password": "…"`-style JSON fields, `token=…` pairs, and values of known secrets.
 */
export function redactText(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  // Longest first: a secret that contains another is replaced whole.
  for (const secret of [...knownSecrets].sort((a, b) => b.length - a.length))
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  out = out
    .replace(TOKEN_SHAPES, REDACTED)
    .replace(/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{6,}/g, `$1 ${REDACTED}`)
    .replace(/("([^"\\]*)"\s*:\s*)"((?:[^"\\]|\\.)*)"/g, (all, head: string, key: string) =>
      isSecretKey(key) ? `${head}"${REDACTED}"` : all,
    )
    .replace(/\b([A-Za-z_-]*(?:password|passwd|secret|token|api[_-]?key|apikey))=([^\s&"',;]+)/gi, `$1=${REDACTED}`)
    // userinfo never spans a quote, a bracket or a comma: in JSON text `http://host:port", …@x` is no password
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/[^/:@\s"'<>(),[\]{}]+):[^/@\s"'<>(),[\]{}]+@/gi, `$1:${REDACTED}@`);
  return out;
}

// Common token shapes, whatever their context: OpenAI-style `sk-…`, GitHub `ghp_…`/`github_pat_…`,
// Slack `xox?-…`, AWS access key ids, JWTs (three base64url parts, the first a JSON header).
const TOKEN_SHAPES = new RegExp(
  String.raw`\b(?:sk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|` +
    String.raw`github_pat_[A-Za-z0-9_]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|` +
    String.raw`eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})`,
  'g',
);

/** Every string in a JSON-like value through `redactText` (keys kept), secret fields replaced. */
export function redactDeep<T>(value: T, knownSecrets: readonly string[] = [], depth = 0): T {
  if (typeof value === 'string') return redactText(value, knownSecrets) as T;
  if (depth > 64 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, knownSecrets, depth + 1)) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, knownSecrets, depth + 1)])) as T;
}
