/**
 * Judging one probe output: which required fields are missing, and whether the service
 * started late enough (after the patch it is supposed to run).
 */

/** What a probe saw. `output` is the raw body or stdout, kept verbatim for the escalation bundle. */
export interface FreshnessProbe {
  readonly fresh: boolean;
  readonly output: string | null;
  readonly missing: readonly string[];
  /** Why it is stale, when it is. */
  readonly reason?: string;
  readonly atMs: number;
}

/** Extra conditions for one check. */
export interface FreshnessExpectations {
  /** The service must have started at or after this time (ms since the epoch), per `started_at`. */
  readonly notBeforeMs?: number;
  /** Fields that must equal these values, e.g. `{ git_sha: 'abc123' }`. */
  readonly expect?: Readonly<Record<string, unknown>>;
}

/** Parses probe output as a JSON object: the whole text, else its last line that is one. */
export function parseJsonObject(text: string): Record<string, unknown> | null {
  const candidates = [text, ...text.split('\n').reverse()];
  for (const candidate of candidates) {
    const trimmed = candidate.trim();
    if (!trimmed.startsWith('{')) continue;
    try {
      const value: unknown = JSON.parse(trimmed);
      if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // Not JSON; try the next candidate.
    }
  }
  return null;
}

/** Converts a `started_at` value (ISO string, epoch seconds or ms) to ms; null when unreadable. */
export function startedAtMs(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e12 ? value * 1_000 : value;
  if (typeof value === 'string' && value.trim() !== '') {
    const numeric = Number(value);
    if (Number.isFinite(numeric)) return startedAtMs(numeric);
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/** Evaluates probe output against required fields and expectations. */
export function evaluateProbeOutput(
  output: string,
  requiredFields: readonly string[],
  expectations: FreshnessExpectations & { readonly toleranceMs: number },
  atMs: number,
): FreshnessProbe {
  const json = parseJsonObject(output);
  // Without JSON, a field counts as present when its name appears (the seed: `"t_ms" in probe`).
  const missing = requiredFields.filter((field) => (json ? !present(json[field]) : !output.includes(field)));
  if (missing.length > 0) return { fresh: false, output, missing, reason: `missing ${missing.join(', ')}`, atMs };
  for (const [field, expected] of Object.entries(expectations.expect ?? {})) {
    if (!json || json[field] !== expected) {
      return {
        fresh: false,
        output,
        missing,
        reason: `${field} is ${JSON.stringify(json?.[field])}, expected ${JSON.stringify(expected)}`,
        atMs,
      };
    }
  }
  if (expectations.notBeforeMs !== undefined) {
    const started = json ? startedAtMs(json['started_at']) : null;
    if (started === null) return { fresh: false, output, missing, reason: 'started_at missing or unreadable', atMs };
    if (started < expectations.notBeforeMs - expectations.toleranceMs) {
      return {
        fresh: false,
        output,
        missing,
        reason:
          `started at ${new Date(started).toISOString()}, ` +
          `before ${new Date(expectations.notBeforeMs).toISOString()}`,
        atMs,
      };
    }
  }
  return { fresh: true, output, missing, atMs };
}
