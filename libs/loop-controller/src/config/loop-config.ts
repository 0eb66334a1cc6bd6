import { existsSync } from 'node:fs';
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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
 * The config file to use in `dir` when none is named: the first of `CONFIG_FILE_NAMES` that
 * exists, else `smoke-repair.config.json` there (so the error names the usual file).
 */
export function findRepairLoopConfig(dir: string): string {
  const found = CONFIG_FILE_NAMES.map((name) => join(dir, name)).find((path) => existsSync(path));
  return resolve(found ?? join(dir, CONFIG_FILE_NAMES[0]));
}

/**
 * Reads and validates a config file; throws `ConfigError` naming the field. `.json` is parsed;
 * `.mjs`/`.js` is imported (its default export: the object, or a possibly async function
 * returning it); `.ts`/`.mts` is imported natively when Node strips types, else transpiled with
 * esbuild when the project (or smoke-repair) can resolve it, else refused with a hint to use .mjs.
 */
export async function loadRepairLoopConfig(
  path: string,
  options: { readonly loadTimeoutMs?: number } = {},
): Promise<RepairLoopConfig> {
  const configPath = resolve(path);
  const ext = extname(configPath).toLowerCase();
  if (['.mjs', '.js', '.ts', '.mts'].includes(ext)) {
    return parseRepairLoopConfig(
      await settleWithin(
        importConfigModule(configPath, ext),
        options.loadTimeoutMs ?? CONFIG_LOAD_TIMEOUT_MS,
        configPath,
      ),
      configPath,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(configPath, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'the file does not exist'
        : code
          ? `cannot read it (${code})`
          : `not valid JSON: ${(error as Error).message}`;
    throw new ConfigError(why, configPath, { cause: error });
  }
  return parseRepairLoopConfig(raw, configPath);
}

/**
 * Type-safe helper for `smoke-repair.config.mjs`/`.ts`: returns its argument.
 *
 * @example
 * export default defineConfig({ smoke: { openapi: '/openapi.json' }, loop: { targetPassRate: 1 } });
 */
export function defineConfig<T extends RepairLoopConfigInput>(config: T): T {
  return config;
}

/** How long a module config (its import and its default export's promise) may take to load. */
const CONFIG_LOAD_TIMEOUT_MS = 30_000;

// A default export whose promise never settles would leave nothing to run: Node would end the
// CLI with exit 13 and no word. The timer keeps it alive until the config is refused instead.
async function settleWithin<T>(loading: Promise<T>, timeoutMs: number, configPath: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ConfigError(
            `it did not finish loading within ${timeoutMs} ms (a default export whose promise never settles?)`,
            configPath,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([loading, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function importConfigModule(configPath: string, ext: string): Promise<unknown> {
  if (!existsSync(configPath)) throw new ConfigError('the file does not exist', configPath);
  const isTs = ext === '.ts' || ext === '.mts';
  let temp: string | undefined;
  try {
    let target = configPath;
    if (isTs && !(process.features as { typescript?: unknown }).typescript) {
      temp = await transpileTs(configPath);
      target = temp;
    }
    // The query defeats the module cache: a config edited between two loads is read again.
    const module = (await import(`${pathToFileURL(target).href}?t=${Date.now()}-${Math.random()}`)) as {
      default?: unknown;
    };
    if (!('default' in module)) throw new Error('it has no default export (export default { ... })');
    const value = module.default;
    // Awaited here, inside the try: a rejecting default export is a config error (exit 2).
    return await (typeof value === 'function'
      ? (value as (context: { configPath: string }) => unknown)({ configPath })
      : value);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`cannot load it: ${(error as Error)?.message ?? String(error)}`, configPath, {
      cause: error,
    });
  } finally {
    if (temp) await unlink(temp).catch(() => undefined);
  }
}

// Node 20 cannot import TypeScript: bundle the config's own relative imports with esbuild
// (packages stay external) into a sibling .mjs, so bare imports resolve from the project.
async function transpileTs(configPath: string): Promise<string> {
  const esbuildPath = [configPath, import.meta.url]
    .map((from) => {
      try {
        return createRequire(from).resolve('esbuild');
      } catch {
        return undefined;
      }
    })
    .find(Boolean);
  if (!esbuildPath) {
    throw new ConfigError(
      `a .ts config needs Node ≥ 22.18 (type stripping) or the esbuild package in the project (npm i -D esbuild); or write it as ${basename(configPath).replace(/\.m?ts$/, '.mjs')}`,
      configPath,
    );
  }
  type Esbuild = { build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }> };
  const loaded = (await import(pathToFileURL(esbuildPath).href)) as Esbuild & { default?: Esbuild };
  const esbuild = typeof loaded.build === 'function' ? loaded : loaded.default!;
  const out = await esbuild.build({
    entryPoints: [configPath],
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const temp = `${configPath}.timestamp-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.mjs`;
  await writeFile(temp, out.outputFiles[0]!.text);
  return temp;
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
