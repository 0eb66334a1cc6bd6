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
