import { UsageError } from './exit-codes.js';

/**
 * Runs a command's argument parsing (`node:util` parseArgs) and turns a bad flag into a
 * UsageError (exit 2) that carries the command's usage text.
 */
export function withUsage<T>(usage: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usage}`, { cause: error });
  }
}

/**
 * The integer value of flag `--name` (`raw` as parsed), undefined when absent. Checked here, not
 * left to the config schema, so a bad flag is a usage error naming the flag rather than a config
 * field the user never wrote.
 */
export function integerFlag(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = DECIMAL_INTEGER.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

/**
 * The number value of flag `--name`, undefined when absent: plain decimal notation only
 * (`10`, `0.8`, `.5`), so `0x10`, `1e3`, `Infinity` or ` 5` are usage errors, not surprises.
 */
export function numberFlag(name: string, raw: string | undefined, min: number, max: number, integer = false): number | undefined {
  if (integer) return integerFlag(name, raw, min, max);
  if (raw === undefined) return undefined;
  const value = DECIMAL.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(value) || value < min || value > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${raw}"`);
  return value;
}

// What people type for a count or a rate: no signs, exponents, hex or spaces.
const DECIMAL_INTEGER = /^\d{1,15}$/;
const DECIMAL = /^(\d{1,15}(\.\d*)?|\.\d+)$/;

/** Upper bound of `--examples`: the one `smoke.examplesPerOperation` has in the config schema. */
export const MAX_EXAMPLES_PER_OPERATION = 100;

/**
 * The value of `--seed` (the seed of the run's unique values and request ids), undefined when
 * absent: 1 to 128 printable characters without spaces, as `smoke.seed` takes them.
 */
export function seedFlag(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^[!-~]{1,128}$/.test(raw)) throw new UsageError(`--seed must be 1 to 128 printable characters without spaces, got "${raw}"`);
  return raw;
}
