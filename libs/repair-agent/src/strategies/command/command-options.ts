import { strictWithHints } from '@smoke-repair/smoke-validator';
import { z } from 'zod';
import { RepairAgentError } from '../../errors.js';

/** Options of `createCommandStrategy` (validated once, at creation; strict: a misspelt key is an error with a hint). */
export const commandStrategyOptionsSchema = strictWithHints({
  /** A shell command line, or an argv run without a shell. Runs in a scratch copy of the app. */
  command: z.union([z.string().trim().min(1), z.array(z.string()).min(1)]),
  /** Hard limit; on expiry the whole process group is killed. */
  timeoutMs: z.number().int().positive().default(600_000),
  /** Between SIGTERM and SIGKILL of the group. */
  killGraceMs: z.number().int().nonnegative().default(2_000),
  /** Extra environment for the command (on top of the inherited one). */
  env: z.record(z.string(), z.string()).default({}),
  /** Name of the prompt file (Markdown) written beside the context JSON. */
  promptFile: z
    .string()
    .regex(/^[\w.-]+$/, 'a plain file name')
    .default('smoke-repair-prompt.md'),
  /** The OpenAPI document (object) or its path in the app root; default `openapi.json` when present. */
  openapi: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
  /**
   * More agent-state names or paths (`*` wildcards) to leave out of the collected patch, on top
   * of `.aider*`, `.codex`, `.claude` and `.openhands*`.
   */
  stateExclude: z.array(z.string().min(1)).default([]),
  /**
   * A shell command that checks the root cause's failing scenarios against the scratch copy,
   * given to the agent as `$SMOKE_REPAIR_VERIFY_CMD`. `{endpoints}` is replaced by the cause's
   * failing endpoints (or test node ids), `{scenarios}` by its failing scenario ids (or test node
   * ids), each shell-quoted; `{app}` by the copy's path. Unset: the loop's own (see
   * `CommandStrategyDefaults`).
   */
  verifyCommand: z.string().trim().min(1).optional(),
  /**
   * The OpenAI-compatible endpoint handed to the agent as `OPENAI_API_BASE`/`OPENAI_BASE_URL`,
   * `OPENAI_API_KEY` (read from `apiKeyEnv`) and `SMOKE_REPAIR_MODEL`; the loop fills it from
   * `repair.llm` when that is set.
   */
  llm: strictWithHints({
    baseUrl: z.url({ protocol: /^https?$/ }),
    model: z.string().min(1),
    apiKeyEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .default('OPENAI_API_KEY'),
  }).optional(),
  /** Where the agent's transcript of each attempt is kept (the loop sets `<artifacts>/agent`). */
  transcriptDir: z.string().min(1).optional(),
  /**
   * Values redacted from the transcript (the loop adds the run's: configured header values, env
   * and command-line secrets), on top of the agent's own environment secrets and token shapes.
   */
  secrets: z.array(z.string()).default([]),
  /**
   * Confinement under bubblewrap: the filesystem read-only but for the scratch copy, the prompt
   * folder and a private /tmp. `auto`: when `bwrap` is on PATH and passes its self-test, else
   * unconfined with a warning; `required`: no agent runs unconfined (the loop stops, exit 2);
   * `off`: never.
   */
  confine: z.enum(['auto', 'required', 'off']).default('auto'),
  /** The confined agent's network: `host` (shared; an LLM endpoint on loopback) or `none`. */
  network: z.enum(['host', 'none']).default('host'),
});

/**
 * What the caller (the loop) supplies beside the configured options: the verify command used
 * when `verifyCommand` is not configured, or why there is none (said in the prompt).
 */
export interface CommandStrategyDefaults {
  readonly verifyCommand?: string;
  readonly noVerifyReason?: string;
  /** What that verify command reads (its spec, the app's tree): visible read-only to a confined agent. */
  readonly verifyReads?: readonly string[];
}

/** Command strategy options as callers write them. */
export type CommandStrategyOptions = z.input<typeof commandStrategyOptionsSchema>;

/** Validates the options; a readable `SMOKE_COMMAND_OPTIONS` error when they are wrong. */
export function parseCommandStrategyOptions(
  options: CommandStrategyOptions,
): Readonly<z.output<typeof commandStrategyOptionsSchema>> {
  const parsed = commandStrategyOptionsSchema.safeParse(options);
  if (!parsed.success)
    throw new RepairAgentError(
      'SMOKE_COMMAND_OPTIONS',
      `Invalid agent command options:\n${z.prettifyError(parsed.error)}`,
      { cause: parsed.error },
    );
  return Object.freeze(parsed.data);
}
