/**
 * The secret values a run knows of, to redact by value wherever they show up (an app echoing a
 * configured header into a log line, a token in a command's environment printed in its output).
 */

/** Environment variables whose values are secrets: `*_KEY`, `*_TOKEN`, `*_SECRET`, `*_PASSWORD`. */
const SECRET_ENV_NAME = /(?:^|_)(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASS|CREDENTIALS?)$/i;

// Shorter env values (`SORT_KEY=id`) are too likely to be ordinary words to replace everywhere.
const MIN_ENV_SECRET = 8;

/** Values of the secret-named variables of `env` (each at least 8 characters). */
export function envSecretValues(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  return Object.entries(env).flatMap(([name, value]) =>
    value && value.length >= MIN_ENV_SECRET && SECRET_ENV_NAME.test(name) ? [value] : [],
  );
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
 * The values a command line assigns to secret-named variables (`AGENT_TOKEN=abc… aider …`, or
 * `env API_KEY=… cmd` as an argv): the command hands them to its process, which may print them.
 */
export function commandLineSecrets(command: string | readonly string[]): string[] {
  const words = typeof command === 'string' ? command.split(/\s+/) : command;
  return words.flatMap((word) => {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(['"]?)(.*)\2$/.exec(word);
    return match && SECRET_ENV_NAME.test(match[1]!) && match[3]!.length >= MIN_ENV_SECRET ? [match[3]!] : [];
  });
}

/**
 * The secrets of a run: every configured header value (whatever the header's name), the
 * secret-named variables of the environment commands inherit and of the runner's own `env`,
 * those the given command lines assign, and the passwords of the given URIs (a pattern store's
 * Neo4j URI).
 */
export function runSecrets(input: {
  readonly headers?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly runnerEnv?: Readonly<Record<string, string>>;
  readonly commands?: readonly (string | readonly string[] | undefined)[];
  readonly uris?: readonly string[];
}): string[] {
  const values = [
    // The whole value, and its credential alone (`Bearer abc…` → `abc…`): an app may echo either.
    ...Object.values(input.headers ?? {}).flatMap((v) => [v, ...(/^\S+\s+(\S{4,})$/.exec(v)?.slice(1) ?? [])]),
    ...envSecretValues(input.env ?? process.env),
    ...envSecretValues(input.runnerEnv ?? {}),
    ...(input.commands ?? []).flatMap((command) => (command ? commandLineSecrets(command) : [])),
    ...(input.uris ?? []).flatMap(uriPasswords),
  ];
  return [...new Set(values.filter((v) => v.length >= 4))];
}
