import { z } from 'zod';
import { RepairAgentError } from '../../errors.js';

/** Options of `createCommandStrategy` (validated once, at creation). */
export const commandStrategyOptionsSchema = z.object({
  /** A shell command line, or an argv run without a shell. Runs in a scratch copy of the app. */
  command: z.union([z.string().trim().min(1), z.array(z.string()).min(1)]),
  /** Hard limit; on expiry the whole process group is killed. */
  timeoutMs: z.number().int().positive().default(600_000),
  /** Between SIGTERM and SIGKILL of the group. */
  killGraceMs: z.number().int().nonnegative().default(2_000),
  /** Extra environment for the command (on top of the inherited one). */
  env: z.record(z.string(), z.string()).default({}),
  /** Name of the prompt file (Markdown) written beside the context JSON. */
  promptFile: z.string().regex(/^[\w.-]+$/, 'a plain file name').default('smoke-repair-prompt.md'),
  /** The OpenAPI document (object) or its path in the app root; default `openapi.json` when present. */
  openapi: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
});

/** Command strategy options as callers write them. */
export type CommandStrategyOptions = z.input<typeof commandStrategyOptionsSchema>;

/** Validates the options; a readable `SMOKE_COMMAND_OPTIONS` error when they are wrong. */
export function parseCommandStrategyOptions(options: CommandStrategyOptions): Readonly<z.output<typeof commandStrategyOptionsSchema>> {
  const parsed = commandStrategyOptionsSchema.safeParse(options);
  if (!parsed.success) throw new RepairAgentError('SMOKE_COMMAND_OPTIONS', `Invalid agent command options:\n${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  return Object.freeze(parsed.data);
}
