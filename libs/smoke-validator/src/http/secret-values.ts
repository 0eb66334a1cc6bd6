/**
 * The secret values a run knows of, to redact by value wherever they show up (an app echoing a
 * configured header into a log line, a token in a command's environment printed in its output).
 */

/** Environment variables whose values are secrets: `*_KEY`, `*_TOKEN`, `*_SECRET`, `*_PASSWORD`. */
export const SECRET_ENV_NAME = /(?:^|_)(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASS|CREDENTIALS?)$/i;

// Shorter env values (`SORT_KEY=id`) are too likely to be ordinary words to replace everywhere.
const MIN_ENV_SECRET = 8;

/** Values of the secret-named variables of `env` (each at least 8 characters). */
export function envSecretValues(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  return Object.entries(env).flatMap(([name, value]) => (value && value.length >= MIN_ENV_SECRET && SECRET_ENV_NAME.test(name) ? [value] : []));
}

/** The password of a URI's userinfo (`neo4j://user:pass@host`), decoded and raw; none without one. */
export function uriPasswords(uri: string): string[] {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/:@\s]*:([^/@\s]+)@/i.exec(uri);
  if (!match) return [];
  const raw = match[1]!;
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // Not percent-encoded: the raw text is the password.
  }
  return [...new Set([raw, decoded])];
}

/**
 * The secrets of a run: every configured header value (whatever the header's name), the
 * secret-named variables of the environment commands inherit and of the runner's own `env`, and
 * the passwords of the given URIs (a pattern store's Neo4j URI).
 */
export function runSecrets(input: {
  readonly headers?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly runnerEnv?: Readonly<Record<string, string>>;
  readonly uris?: readonly string[];
}): string[] {
  const values = [
    // The whole value, and its credential alone (`Bearer abc…` → `abc…`): an app may echo either.
    ...Object.values(input.headers ?? {}).flatMap((v) => [v, ...(/^\S+\s+(\S{4,})$/.exec(v)?.slice(1) ?? [])]),
    ...envSecretValues(input.env ?? process.env),
    ...envSecretValues(input.runnerEnv ?? {}),
    ...(input.uris ?? []).flatMap(uriPasswords),
  ];
  return [...new Set(values.filter((v) => v.length >= 4))];
}
