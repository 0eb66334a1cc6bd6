/**
 * Option parsing shared by every factory: validate once with zod at the boundary, report with
 * `z.prettifyError`, freeze the result, and pass it inward.
 */
import { z } from 'zod';
import { InvalidOptionsError } from './errors.js';

/** Parses `input` with `schema`; throws `InvalidOptionsError` with a readable report. */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidOptionsError(`invalid ${what} options:\n${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** Recursively freezes plain objects and arrays. */
export function deepFreeze<T>(value: T): Readonly<T> {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
