/**
 * The `smoke-repair.config.json` schema. Paths are relative to the config file's directory.
 * Later features (the repair loop) extend this schema, so it is exported as-is.
 */
import { z } from 'zod';
import { dockerRunnerOptionsSchema } from '../runner/docker-options.js';
import { freshnessOptionsSchema } from '../freshness/freshness-options.js';
import { processRunnerOptionsSchema } from '../runner/process-options.js';
import { testCommandConfigSchema } from '../test-command/config.js';
import { strictWithHints } from './strict-keys.js';
import { scenarioSelectionSchema } from '../http/select-scenarios.js';

/**
 * `$comment`: free text (or lines) a config may carry anywhere a section allows it (JSON has no
 * comments; `smoke-repair init` writes these). Ignored by every consumer.
 */
const configCommentSchema = z.union([z.string(), z.array(z.string())]).optional();

/**
 * Start the app as a child process (see `createProcessRunner`); `cwd` defaults to `app.root`.
 * Strict: a misspelt key (`comand`) is an error with a hint, never silently ignored.
 */
const processRunnerConfigSchema = strictWithHints({
  $comment: configCommentSchema,
  ...processRunnerOptionsSchema.shape,
  kind: z.literal('process'),
  cwd: z.string().min(1).optional(),
});

/**
 * Start the app in a Docker container (see `createDockerRunner`; `appDir` defaults to
 * `app.root`). Strict like the process runner; checked again against the Docker runner's own
 * schema (exactly one of `image` and `build`) once its paths are resolved.
 */
const dockerRunnerConfigSchema = strictWithHints({
  $comment: configCommentSchema,
  kind: z.literal('docker'),
  ...dockerRunnerOptionsSchema.shape,
  appDir: z.string().min(1).optional(),
});

/** Do not start anything: smoke `smoke.baseUrl` (or `app.baseUrl`), which must already be up. */
const noRunnerConfigSchema = z.strictObject({ kind: z.literal('none') });

/** zod schema of the `app` section. */
const appConfigSchema = strictWithHints({
  $comment: configCommentSchema,
  /** The app's source root: `appRoot` for trace parsing (in-app frames), default the config's directory. */
  root: z.string().min(1).default('.'),
  runner: z
    .discriminatedUnion('kind', [processRunnerConfigSchema, dockerRunnerConfigSchema, noRunnerConfigSchema])
    .default({ kind: 'none' }),
  /** Base URL of an already-running app (with runner `none`). */
  baseUrl: z.url().optional(),
  /** Without a runner: a server log file to tail during the run (read from its end, by byte offset). */
  logFile: z.string().min(1).optional(),
  /**
   * A shell command run in the app's directory before every start of the app by the loop (and
   * `smoke --sandbox`): puts state that lives outside the app's files (a database server, a
   * bucket) back as it was, so every smoke starts from the same data.
   */
  reset: z.string().min(1).optional(),
  /**
   * A shell command that compiles the app (`npm run build`, `tsc -p .`), run in the app's
   * directory by the loop before every start of the app (after `reset`): before the baseline
   * smoke, and after each candidate patch before the restart. A failure rejects that candidate
   * (`build-failed`, with the compiler's message); before the baseline it ends the run.
   */
  build: z.string().min(1).optional(),
});

/** zod schema of the `smoke` section. */
const smokeSectionSchema = strictWithHints({
  $comment: configCommentSchema,
  /** OpenAPI document: a file, an http(s) URL, or a path on the base URL such as `/openapi.json`. */
  openapi: z.string().min(1).optional(),
  /** A scenario file (JSON or YAML). */
  scenarios: z.string().min(1).optional(),
  /** Target; default: the runner's base URL, else `app.baseUrl`. */
  baseUrl: z.url().optional(),
  concurrency: z.number().int().min(1).max(64).default(4),
  /** Per-request timeout. */
  timeoutMs: z.number().int().positive().default(10_000),
  /** Headers sent with every request (e.g. Authorization); redacted in every output. */
  headers: z.record(z.string(), z.string()).default({}),
  allowNonLoopback: z.boolean().default(false),
  requestIdHeader: z.string().min(1).default('X-Request-ID'),
  /** Response bytes read per request; longer bodies are cut and not schema-checked. */
  maxResponseBytes: z
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /** Size of response excerpts in violations and reports. */
  excerptBytes: z.number().int().positive().default(2048),
  /** Operations left out: `METHOD /path` or `/path`. */
  exclude: z.array(z.string()).default([]),
  /**
   * Which scenarios run (see `scenarioFilter`): `keyword` (pytest's `-k` over scenario ids),
   * `includePaths`/`excludePaths` (path templates or globs), `includeMethods`/`excludeMethods`.
   */
  select: scenarioSelectionSchema.optional(),
  /**
   * Stop after this many failing scenarios: the ones not yet sent are reported as blocked
   * ("stopped after N failures"). Default: run them all.
   */
  maxFailures: z.number().int().min(1).optional(),
  /**
   * Scenarios per operation: the positive one, then up to N - 1 further distinct schema-valid
   * examples (`#2`, `#3` …: other enum members, bounds, lengths, formats, optional parts left out
   * or sent; deterministic), passing on a 2xx or 4xx, after every positive scenario.
   */
  examplesPerOperation: z.number().int().min(1).max(100).default(1),
  /**
   * Also boundary scenarios: extreme schema-valid values (2^63, maxLength strings…) in bodies, queries and path ids;
   * pass on a 2xx or 4xx.
   */
  boundaryScenarios: z.boolean().default(false),
  /**
   * Also invalid scenarios: per operation, a path id no entity has where it documents 404, and
   * bodies breaking one documented constraint each (a required property left out, a wrong type,
   * a value outside its enum or format, a length or number past its bound) where it documents
   * 400/422; each expects that refusal.
   */
  invalidScenarios: z.boolean().default(true),
  /**
   * Also partial updates: per PATCH whose documented body requires nothing, its positive request
   * with one field only, so an update that writes the fields left out as nulls shows; passes on a
   * 2xx or 4xx.
   */
  partialUpdates: z.boolean().default(true),
  /**
   * Also, per read whose path ids the contract gives examples for, that read with the documented
   * ids (`GET /path [documented ids]`): the app's own data, beside the records the run created; and
   * per read with optional query parameters the contract gives examples for, that read with them
   * (`GET /path [documented query]`): a page, a filter the primary request leaves out. With
   * `documentedTargets` on, also per PUT and PATCH whose path ids have examples, its positive request
   * sent to them (`PATCH /path [documented ids]`): failed by a 5xx or a broken 2xx only.
   */
  documentedIds: z.boolean().default(true),
  /**
   * A PUT, PATCH or POST action on a record that nothing in the contract creates acts on the
   * contract's example id (the app's own data) instead of being blocked. Unset: on where every start
   * begins from the same data (the repair loop's sandbox, or an `app.reset`), off for a plain smoke,
   * which never changes a record it did not create. DELETE never takes an example. On, PUT and
   * PATCH also get a `[documented ids]` change of the example record (see `documentedIds`).
   */
  documentedTargets: z.boolean().optional(),
  /**
   * Restarts allowed when the app dies during a smoke (runners that start the app only): the
   * request it died under is reported as a `crash`, the others are rerun on the restarted app.
   */
  maxCrashRestarts: z.number().int().nonnegative().max(100).default(3),
  /**
   * Seed of the run's per-run values: the unique suffixes of colliding example values (e-mails,
   * usernames, slugs, SKUs, codes, names), made-up strings and request ids. Default: a fresh
   * one per run; the one used is in the result (`seed`). The same seed sends the same requests.
   */
  seed: z
    .union([
      z.string().regex(/^[!-~]{1,128}$/, 'a seed is 1 to 128 printable characters without spaces'),
      z.number().int(),
    ])
    .transform(String)
    .optional(),
  /** Time to wait after the last response for the server's log lines (ms). */
  logSettleMs: z.number().int().nonnegative().default(1000),
  /** Test-command mode (pytest/vitest/jest through JUnit XML). */
  testCommand: testCommandConfigSchema.optional(),
}).refine((s) => s.openapi !== undefined || s.scenarios !== undefined || s.testCommand !== undefined, {
  message: 'give `openapi`, `scenarios` or `testCommand`',
});

/**
 * zod schema of the `freshness` section: the freshness-check options, strict; `meta.url` may
 * also be a path on the base URL (checked as a URL once the base URL is known).
 */
const freshnessConfigSchema = strictWithHints({
  $comment: configCommentSchema,
  ...freshnessOptionsSchema.shape,
  meta: strictWithHints({ ...freshnessOptionsSchema.shape.meta.unwrap().shape, url: z.string().min(1) }).optional(),
});

/** zod schema of `smoke-repair.config.json`. */
export const smokeConfigSchema = strictWithHints({
  $schema: z.string().optional(),
  $comment: configCommentSchema,
  app: appConfigSchema.default({ root: '.', runner: { kind: 'none' } }),
  smoke: smokeSectionSchema,
  freshness: freshnessConfigSchema.optional(),
  /** Where reports go (`smoke.xml`, `smoke.html`, `smoke.json`). */
  artifactsDir: z.string().min(1).default('artifacts'),
});

/** The config file as written. */
export type SmokeConfigInput = z.input<typeof smokeConfigSchema>;

/** A loaded config: parsed, defaults applied, every path absolute, frozen. */
export type SmokeConfig = Readonly<z.output<typeof smokeConfigSchema>> & {
  /** Absolute path of the config file (or `<inline>`). */
  readonly configPath: string;
  /** Directory relative paths were resolved against. */
  readonly configDir: string;
};

/** JSON Schema of the config file. */
export function smokeConfigJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(smokeConfigSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}
