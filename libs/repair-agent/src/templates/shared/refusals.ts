/**
 * What a refusal says: the violations where a request the contract expects to succeed was
 * answered with a 4xx, the texts of those answers, the contract's own words for the refused
 * operations, and what the `${…}` / `{…}` parts of a message stood for in an answer.
 */
import type { ApiModel, Violation } from '@smoke-repair/smoke-validator';
import type { RootCause } from '../../types.js';
import { parseExcerpt } from '../node/response-body.js';

/** The violations where a request the contract expects to succeed was refused with a 4xx. */
export function refusedViolations(violations: readonly Violation[]): Violation[] {
  return violations.filter(
    (v) => v.actualStatus !== null && v.actualStatus >= 400 && v.actualStatus < 500 && (v.expectedStatus ?? 200) < 300,
  );
}

/** The strings of an answer's JSON body (`{"error": "…"}`, `{"detail": [{"msg": "…"}]}`), a few levels deep. */
export function answerStrings(violation: Violation): string[] {
  return stringsIn(parseExcerpt(violation.responseExcerpt));
}

/** The lower-case words of the contract's prose (`ApiOperation.prose`) for the cause's endpoints. */
export function proseWords(cause: RootCause, contract: ApiModel | null): Set<string> {
  const text = cause.endpoints
    .map((e) => contract?.operations.find((o) => o.endpoint === e)?.prose ?? '')
    .join('\n')
    .toLowerCase();
  return new Set(text.split(/[^a-z_-]+/).filter(Boolean));
}

/**
 * The texts a message's interpolations stood for in `messages`: `parts` are its literal pieces
 * around them (`["Hire ", " is ", ", only booked…"]` for `Hire ${id} is ${status}, only booked…`).
 */
export function interpolatedTexts(parts: readonly string[], messages: readonly string[]): string[] {
  if (parts.length < 2) return [];
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^${parts.map(escape).join('(.+?)')}$`, 's');
  return [...new Set(messages.flatMap((m) => pattern.exec(m)?.slice(1) ?? []))];
}

function stringsIn(value: unknown, depth = 0): string[] {
  if (typeof value === 'string') return [value];
  if (depth > 3 || !value || typeof value !== 'object') return [];
  return Object.values(value).flatMap((v) => stringsIn(v, depth + 1));
}
