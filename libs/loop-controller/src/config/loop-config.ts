import { dirname, isAbsolute, resolve } from 'node:path';
import { commandStrategyOptionsSchema, llmStrategyOptionsSchema, patchPolicySchema } from '@smoke-repair/repair-agent';
import {
  ConfigError,
  configIssuesText,
  parseSmokeConfig,
  strictWithHints,
  type SmokeConfig,
} from '@smoke-repair/smoke-validator';
import { z } from 'zod';

/** `$comment`: free text or lines, allowed in every section (JSON has no comments); ignored. */
const comment = z.union([z.string(), z.array(z.string())]).optional();

/** Config file names looked up, in this order, when no path is given. */
export const CONFIG_FILE_NAMES = [
  'smoke-repair.config.json',
  'smoke-repair.config.mjs',
  'smoke-repair.config.ts',
] as const;

/** `loop`: when to repair, when to stop (DESIGN §4 defaults, from the seeds). */
export const loopSectionSchema = strictWithHints({
  $comment: comment,
  /** Repair is triggered below this pass rate (or by any 5xx). */
  triggerPassRate: z.number().min(0).max(1).default(0.8),
  /** Target pass rate; reached with no 5xx left. `1` = every scenario passes. */
  targetPassRate: z.number().min(0).max(1).default(0.8),
  maxIterations: z.number().int().positive().default(10),
  maxAttemptsPerSignature: z.number().int().positive().default(3),
  /** Wall-clock budget of the whole loop. */
  timeBudgetMs: z
    .number()
    .int()
    .positive()
    .default(10 * 60 * 1000),
  /** Rerun once before calling a drop a regression (a flaky endpoint is not a regression). */
  confirmRegressions: z.boolean().default(true),
  /**
   * When a round of several patches regresses, try them one at a time from the last good
   * checkpoint and keep those that do not regress on their own (one restart + smoke each); the
   * ones that do are rejected and the loop goes on. Off: the round is rolled back and the loop
   * stops with `regression` (a round of one patch needs no isolation: its patch is the culprit).
   */
  isolateRegressions: z.boolean().default(true),
  /**
   * Candidates tried at the same time, each in its own copy of the app on its own port (or its
   * own test-command runs): regression isolation tries the patches of a round that made things
   * worse alone in parallel instead of one after another. Default: the number of CPU cores. 1, a
   * Docker runner, `app.reset`, `loop.sandbox: false` or an app the loop does not start: one at a
   * time. Copies share what lives outside the app's files (a database server): set 1 for such apps.
   */
  parallelism: z.number().int().min(1).max(16).optional(),
  /**
   * Requests in flight during the loop's smoke runs. 1 by default: runs must be comparable
   * to tell a regression from noise, and concurrent requests reorder what shares state.
   */
  smokeConcurrency: z.number().int().min(1).max(64).default(1),
  /**
   * Commit the accepted changes to this new branch (HEAD, index and stash stay untouched; with a
   * sandbox, the working tree is not written either).
   */
  branch: z.string().min(1).optional(),
  /**
   * Run the app from a sandbox copy of the app root (dependency folders linked) and write the
   * user's tree once, at the end. false: patch the tree in place, journaled (the old way).
   */
  sandbox: z.boolean().default(true),
  /** `tree`: write the accepted changes to the user's files at the end; `none`: only accepted.patch. */
  apply: z.enum(['tree', 'none']).default('tree'),
  /** Keep the sandbox directory after the run (for debugging); its path is in the LoopResult. */
  keepSandbox: z.boolean().default(false),
});

/** `repair`: strategies and patch policy; every part strict (a misspelt key is an error with a hint). */
export const repairSectionSchema = strictWithHints({
  $comment: comment,
  strategies: z.array(z.enum(['pattern', 'recipe', 'llm', 'command'])).default(['pattern', 'recipe', 'llm', 'command']),
  policy: patchPolicySchema.default(patchPolicySchema.parse({})),
  /** Python interpreter for the project index (default python3). */
  python: z.string().min(1).optional(),
  // Rebuilt from the shape: the hint then names only keys a config can hold (the chat client and
  // investigators are code).
  /** OpenAI-compatible endpoint (see createLlmStrategy); the LLM strategy runs only when this is set. */
  llm: strictWithHints(llmStrategyOptionsSchema.omit({ client: true, investigators: true }).shape).optional(),
  /** Agent command (see createCommandStrategy); the command strategy runs only when this is set. */
  command: commandStrategyOptionsSchema.optional(),
});

/** `patterns`: where learned fixes live (`memory:`, `file:PATH`, `neo4j://…`). */
export const patternsSectionSchema = strictWithHints({
  $comment: comment,
  store: z.string().min(1).default('file:.smoke-repair/patterns.jsonl'),
  minSuccessRate: z.number().min(0).max(1).default(0.7),
  minTrials: z.number().int().positive().default(3),
});

/** The loop's sections of `smoke-repair.config.json` (the rest is the smoke config). */
export const loopConfigSectionsSchema = z.object({
  loop: loopSectionSchema.default(loopSectionSchema.parse({})),
  repair: repairSectionSchema.default(repairSectionSchema.parse({})),
  patterns: patternsSectionSchema.default(patternsSectionSchema.parse({})),
});

/** A loaded config: the smoke config plus the loop's sections, defaults applied, paths absolute. */
export interface RepairLoopConfig {
  readonly smoke: SmokeConfig;
  readonly loop: z.output<typeof loopSectionSchema>;
  readonly repair: z.output<typeof repairSectionSchema>;
  readonly patterns: z.output<typeof patternsSectionSchema>;
}

/** The loop's config sections as written. */
export type RepairLoopConfigInput = z.input<typeof loopConfigSectionsSchema> & Record<string, unknown>;

/**
 * Type-safe helper for `smoke-repair.config.mjs`/`.ts`: returns its argument.
 *
 * @example
 * export default defineConfig({ smoke: { openapi: '/openapi.json' }, loop: { targetPassRate: 1 } });
 */
export function defineConfig<T extends RepairLoopConfigInput>(config: T): T {
  return config;
}

/** Validates an in-memory config; relative paths resolve against `dirname(configPath)`. */
export function parseRepairLoopConfig(
  raw: unknown,
  configPath = resolve('smoke-repair.config.json'),
): RepairLoopConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ConfigError('the config must be a JSON object', configPath);
  const { loop, repair, patterns, ...smokeRaw } = raw as Record<string, unknown>;
  const sections = loopConfigSectionsSchema.safeParse({ loop, repair, patterns });
  if (!sections.success) throw new ConfigError(configIssuesText(sections.error), configPath, { cause: sections.error });
  const smoke = parseSmokeConfig(smokeRaw, configPath);
  const store = sections.data.patterns.store;
  const filePath = store.startsWith('file:') ? store.slice(5) : undefined;
  const absoluteStore =
    filePath !== undefined && !isAbsolute(filePath) ? `file:${resolve(dirname(configPath), filePath)}` : store;
  return Object.freeze({
    smoke,
    loop: Object.freeze(sections.data.loop),
    repair: Object.freeze(sections.data.repair),
    patterns: Object.freeze({ ...sections.data.patterns, store: absoluteStore }),
  });
}
