import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { commandStrategyOptionsSchema, llmStrategyOptionsSchema, patchPolicySchema } from '@smoke-repair/repair-agent';
import { ConfigError, parseSmokeConfig, type SmokeConfig } from '@smoke-repair/smoke-validator';
import { z } from 'zod';

/** `loop`: when to repair, when to stop (DESIGN §4 defaults, from the seeds). */
export const loopSectionSchema = z.strictObject({
  /** Repair is triggered below this pass rate (or by any 5xx). */
  triggerPassRate: z.number().min(0).max(1).default(0.8),
  /** Target pass rate; reached with no 5xx left. `1` = every scenario passes. */
  targetPassRate: z.number().min(0).max(1).default(0.8),
  maxIterations: z.number().int().positive().default(10),
  maxAttemptsPerSignature: z.number().int().positive().default(3),
  /** Wall-clock budget of the whole loop. */
  timeBudgetMs: z.number().int().positive().default(10 * 60 * 1000),
  /** Rerun once before calling a drop a regression (a flaky endpoint is not a regression). */
  confirmRegressions: z.boolean().default(true),
  /**
   * Requests in flight during the loop's smoke runs. 1 by default: runs must be comparable
   * to tell a regression from noise, and concurrent requests reorder what shares state.
   */
  smokeConcurrency: z.number().int().min(1).max(64).default(1),
  /** Commit the accepted changes to this new branch (HEAD, index and stash stay untouched). */
  branch: z.string().min(1).optional(),
});

/** `repair`: strategies and patch policy. */
export const repairSectionSchema = z.strictObject({
  strategies: z.array(z.enum(['pattern', 'recipe', 'llm', 'command'])).default(['pattern', 'recipe', 'llm', 'command']),
  policy: patchPolicySchema.default(patchPolicySchema.parse({})),
  /** Python interpreter for the project index (default python3). */
  python: z.string().min(1).optional(),
  /** OpenAI-compatible endpoint (see createLlmStrategy); the LLM strategy runs only when this is set. */
  llm: llmStrategyOptionsSchema.omit({ client: true, investigators: true }).optional(),
  /** Agent command (see createCommandStrategy); the command strategy runs only when this is set. */
  command: commandStrategyOptionsSchema.optional(),
});

/** `patterns`: where learned fixes live (`memory:`, `file:PATH`, `neo4j://…`). */
export const patternsSectionSchema = z.strictObject({
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

/** Reads and validates `smoke-repair.config.json`; throws `ConfigError` naming the field. */
export async function loadRepairLoopConfig(path: string): Promise<RepairLoopConfig> {
  const configPath = resolve(path);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(configPath, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'the file does not exist' : code ? `cannot read it (${code})` : `not valid JSON: ${(error as Error).message}`;
    throw new ConfigError(why, configPath, { cause: error });
  }
  return parseRepairLoopConfig(raw, configPath);
}

/** Validates an in-memory config; relative paths resolve against `dirname(configPath)`. */
export function parseRepairLoopConfig(raw: unknown, configPath = resolve('smoke-repair.config.json')): RepairLoopConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError('the config must be a JSON object', configPath);
  const { loop, repair, patterns, ...smokeRaw } = raw as Record<string, unknown>;
  const sections = loopConfigSectionsSchema.safeParse({ loop, repair, patterns });
  if (!sections.success) throw new ConfigError(`\n${z.prettifyError(sections.error)}`, configPath, { cause: sections.error });
  const smoke = parseSmokeConfig(smokeRaw, configPath);
  const store = sections.data.patterns.store;
  const filePath = store.startsWith('file:') ? store.slice(5) : undefined;
  const absoluteStore = filePath !== undefined && !isAbsolute(filePath) ? `file:${resolve(dirname(configPath), filePath)}` : store;
  return Object.freeze({
    smoke,
    loop: Object.freeze(sections.data.loop),
    repair: Object.freeze(sections.data.repair),
    patterns: Object.freeze({ ...sections.data.patterns, store: absoluteStore }),
  });
}
