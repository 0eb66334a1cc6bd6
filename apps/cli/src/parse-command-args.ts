import { parseArgs, type ParseArgsConfig } from 'node:util';
import { nearestName } from '@smoke-repair/smoke-validator';
import { UsageError } from './exit-codes.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** What `parseCommandArgs` returns: the flags' values by name, and the positional arguments. */
export type ParsedArgs<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>
>;

/**
 * Parses a command's arguments (`node:util` parseArgs, strict) and turns a bad one into a
 * UsageError (exit 2) of one line: the nearest known flag for a typo (`--conig` → "did you mean
 * --config?", the same rule as config keys), and where the options are listed — never Node's
 * raw text, never the whole help.
 */
export function parseCommandArgs<const O extends Options>(
  command: string,
  argv: readonly string[],
  options: O,
  allowPositionals = true,
): ParsedArgs<O> {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals, strict: true }) as ParsedArgs<O>;
  } catch (error) {
    throw new UsageError(
      `${command}: ${argumentProblem(error as Error & { code?: string }, options)}; "smoke-repair ${command} ` +
        `--help" lists the options`,
      { cause: error },
    );
  }
}

// parseArgs's error codes, in words; the flag is read back from its message.
function argumentProblem(error: Error & { code?: string }, options: Options): string {
  const flag = (/(--[\w-]+)/.exec(error.message) ?? /'(-\w)/.exec(error.message))?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) {
    const names = Object.keys(options);
    const near = flag.startsWith('--') ? nearestName(flag.slice(2), names) : null;
    return `unknown option ${flag}${near ? ` (did you mean --${near}?)` : ''}`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag) {
    return /does not take/.test(error.message) ? `${flag} takes no value` : `${flag} needs a value`;
  }
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return `unexpected argument ${/'([^']*)'/.exec(error.message)?.[1] ?? ''}`.trimEnd();
  }
  return error.message;
}

/**
 * The integer value of flag `--name` (`raw` as parsed), undefined when absent. Checked here, not
 * left to the config schema, so a bad flag is a usage error naming the flag rather than a config
 * field the user never wrote.
 */
export function integerFlag(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = DECIMAL_INTEGER.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < min || value > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

/**
 * The number value of flag `--name`, undefined when absent: plain decimal notation only
 * (`10`, `0.8`, `.5`), so `0x10`, `1e3`, `Infinity` or ` 5` are usage errors, not surprises.
 */
export function numberFlag(
  name: string,
  raw: string | undefined,
  min: number,
  max: number,
  integer = false,
): number | undefined {
  if (integer) return integerFlag(name, raw, min, max);
  if (raw === undefined) return undefined;
  const value = DECIMAL.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(value) || value < min || value > max)
    throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${raw}"`);
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
  if (!/^[!-~]{1,128}$/.test(raw))
    throw new UsageError(`--seed must be 1 to 128 printable characters without spaces, got "${raw}"`);
  return raw;
}
