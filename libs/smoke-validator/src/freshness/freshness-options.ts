/**
 * Options of the freshness check (generalised from the seed's exec-RPC step): a meta URL with
 * required fields, and/or user-given probe and restart commands.
 */
import { z } from 'zod';
import { strictWithHints } from '../config/strict-keys.js';
import { assertLoopbackUrl } from '../net/loopback.js';
import { deepFreeze, parseOptions } from '../options.js';

/** zod schema of `FreshnessOptions`. */
export const freshnessOptionsSchema = z
  .object({
    /** Probe an HTTP endpoint returning a JSON object, e.g. `http://127.0.0.1:8790/__meta`. */
    meta: strictWithHints({
      url: z.url(),
      requiredFields: z.array(z.string().min(1)).min(1).default(['git_sha', 'started_at']),
      timeoutMs: z.number().int().positive().default(5_000),
    }).optional(),
    /** Or run commands, e.g. `make exec-rpc-probe` / `make exec-rpc-restart`. */
    commands: strictWithHints({
      probe: z.string().min(1),
      /** Default: the restart callback given to `check` (usually the runner's `restart`). */
      restart: z.string().min(1).optional(),
      cwd: z.string().min(1).optional(),
      /** Fields the probe's output must contain (JSON keys, or plain words), e.g. `t_ms`. */
      requiredFields: z.array(z.string().min(1)).default([]),
      timeoutMs: z.number().int().positive().default(60_000),
    }).optional(),
    /** Service port whose listener (`ss -lntp` line) is recorded for the escalation bundle. */
    port: z.number().int().min(1).max(65_535).optional(),
    /** Tolerance when comparing `started_at` with `notBeforeMs` (clocks with whole seconds). */
    startedAtToleranceMs: z.number().int().nonnegative().default(1_000),
    allowNonLoopback: z.boolean().default(false),
  })
  .refine((o) => o.meta !== undefined || o.commands !== undefined, { message: 'give `meta` or `commands` (or both)' });

/** Options accepted by `createFreshnessCheck`. */
export type FreshnessOptions = z.input<typeof freshnessOptionsSchema>;

/** Validated and frozen freshness options. */
export type ResolvedFreshnessOptions = Readonly<z.output<typeof freshnessOptionsSchema>>;

/** Validates freshness options (throws `InvalidOptionsError`, `NonLoopbackTargetError`). */
export function resolveFreshnessOptions(input: unknown): ResolvedFreshnessOptions {
  const parsed = parseOptions(freshnessOptionsSchema, input, 'freshness');
  if (parsed.meta) assertLoopbackUrl(parsed.meta.url, parsed.allowNonLoopback);
  return deepFreeze(parsed);
}
