import { strictWithHints } from '@smoke-repair/smoke-validator';
import { z } from 'zod';
import { RepairAgentError } from '../../errors.js';
import type { ChatClient } from './chat-client.js';
import type { Investigator } from './investigators.js';

const isFunctionHolder = (key: string) => (value: unknown) =>
  typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)[key] === 'function';

/** Options of `createLlmStrategy` (validated once, at creation; strict: a misspelt key is an error with a hint). */
export const llmStrategyOptionsSchema = strictWithHints({
  /** OpenAI-compatible base URL, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:8000/v1`. */
  baseUrl: z.url({ protocol: /^https?$/ }),
  model: z.string().min(1),
  /** Environment variable holding the API key, read at call time (never logged). None sent when unset. */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .default('OPENAI_API_KEY'),
  /** Hard limit for one repair's LLM call, retries and backoff included. */
  timeoutMs: z.number().int().positive().default(120_000),
  /** Retries on 429, 5xx and dropped connections. */
  maxRetries: z.number().int().min(0).max(10).default(3),
  backoff: strictWithHints({
    baseMs: z.number().int().nonnegative().default(1_000),
    /** Random extra delay up to `baseMs`; turn off for deterministic tests. */
    jitter: z.boolean().default(true),
  }).prefault({}),
  maxTokens: z.number().int().positive().default(4_096),
  /** Nucleus sampling; 0 (greedy, the design's default) is not sent unless `acceptsTopPZero`. */
  topP: z.number().min(0).max(1).default(0),
  /**
   * The endpoint accepts `top_p: 0` (OpenAI does; vLLM refuses it, `0 < top_p <= 1`). Off: a
   * `topP` of 0 is omitted. A server that refuses the `top_p` sent is asked again without it.
   */
  acceptsTopPZero: z.boolean().default(false),
  /**
   * Follow-up turns after an answer that cannot be used (cut off, no edit, does not apply, syntax
   * error): the model is told the precise error and asked again, in the same conversation.
   */
  maxRepairTurns: z.number().int().min(0).max(10).default(3),
  /**
   * Budget of the first prompt, in tokens (estimated at 4 characters a token): over it, the parts
   * least useful to the repair are left out first, and the prompt says what was.
   */
  maxPromptTokens: z.number().int().min(500).default(16_000),
  /**
   * Answers asked per prompt: the first greedy (temperature 0), the others at `sampleTemperature`.
   * Each usable one is a separate candidate the loop verifies, in order, one per round; the
   * first that validates wins. 1: one answer (re-asked with the error up to `maxRepairTurns`).
   */
  samples: z.number().int().min(1).max(10).default(1),
  /** Temperature of the samples after the first. */
  sampleTemperature: z.number().min(0).max(2).default(0.8),
  /** Check touched Python (the interpreter's compiler) and JavaScript (acorn) files before proposing. */
  syntaxCheck: z.boolean().default(true),
  /** Python interpreter for the syntax check (default `python3`). */
  python: z.string().min(1).optional(),
  /** USD per 1,000 tokens, to record a cost per attempt. */
  prices: strictWithHints({
    promptPer1k: z.number().nonnegative(),
    completionPer1k: z.number().nonnegative(),
  }).optional(),
  /** The OpenAPI document (object) or its path in the app root; default `openapi.json` when present. */
  openapi: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
  /** Dependency versions for the public investigator (default: pins in requirements.txt / package.json). */
  versions: z.record(z.string(), z.string()).optional(),
  /** Seed 004's assisted investigation (private and/or public), once per unique signature. */
  investigators: z
    .array(z.custom<Investigator>(isFunctionHolder('ask'), { message: 'an investigator has kind and ask()' }))
    .default([]),
  /** The chat port; default: the fetch adapter for `baseUrl`. */
  client: z.custom<ChatClient>(isFunctionHolder('complete'), { message: 'a client has complete()' }).optional(),
  /**
   * Values never sent to the model (configured header values, store passwords): replaced in
   * every message, with the environment's secret-named variables and common token shapes.
   */
  secrets: z.array(z.string()).default([]),
});

/** LLM strategy options as callers write them. */
export type LlmStrategyOptions = z.input<typeof llmStrategyOptionsSchema>;
/** LLM strategy options with defaults applied. */
export type ResolvedLlmStrategyOptions = z.output<typeof llmStrategyOptionsSchema>;

/** Validates the options; a readable `SMOKE_LLM_OPTIONS` error when they are wrong. */
export function parseLlmStrategyOptions(options: LlmStrategyOptions): Readonly<ResolvedLlmStrategyOptions> {
  const parsed = llmStrategyOptionsSchema.safeParse(options);
  if (!parsed.success)
    throw new RepairAgentError('SMOKE_LLM_OPTIONS', `Invalid LLM strategy options:\n${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  return Object.freeze(parsed.data);
}
