/**
 * Options of the process runner, validated once by `createProcessRunner`.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { deepFreeze, parseOptions } from '../options.js';
import { commonRunnerOptionsShape, resolveRunnerOptions, type ResolvedRunnerOptions } from './runner-options.js';

/** zod schema of `ProcessRunnerOptions`. */
export const processRunnerOptionsSchema = z.object({
  ...commonRunnerOptionsShape,
  /** A shell command line (run by /bin/sh), or an argv array (run without a shell). */
  command: z.union([z.string().trim().min(1), z.array(z.string()).min(1)]),
  /** Working directory of the app. */
  cwd: z.string().min(1),
});

/** Options accepted by `createProcessRunner` (defaults filled in by validation). */
export type ProcessRunnerOptions = z.input<typeof processRunnerOptionsSchema>;

/** Validated, resolved and frozen process-runner options. */
export interface ResolvedProcessOptions extends ResolvedRunnerOptions {
  readonly command: string | readonly string[];
  readonly cwd: string;
}

/** Validates and resolves process-runner options (throws `InvalidOptionsError`, `NonLoopbackTargetError`). */
export function resolveProcessOptions(input: unknown): ResolvedProcessOptions {
  const parsed = parseOptions(processRunnerOptionsSchema, input, 'process runner');
  return deepFreeze({ ...resolveRunnerOptions(parsed, 'app'), command: parsed.command, cwd: resolve(parsed.cwd) });
}
