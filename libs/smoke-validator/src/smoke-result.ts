/**
 * The result contract of every smoke run (DESIGN §3): `Violation` and `SmokeResult`, as zod
 * schemas with their JSON Schemas. Shared by HTTP smoke and test-command mode; the names are
 * public API and appear as-is in `smoke-repair smoke --json`.
 */
import { z } from 'zod';
import {
  errorSignatureSchema,
  stackTraceSchema as logParserStackTraceSchema,
  type StackTrace,
} from '@smoke-repair/log-parser';

/** A log-parser `StackTrace` as it appears in smoke results. */
// A named type keeps declarations portable.
// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type
export interface SmokeStackTrace extends StackTrace {}
// Annotated so declarations name `SmokeStackTrace`, not log-parser internals.
const stackTraceSchema: z.ZodType<SmokeStackTrace> = logParserStackTraceSchema;

/**
 * What went wrong in one scenario or test. `crash`: the app died while serving this request (or
 * the test run died during this test); its traces are what the runtime printed on its way down.
 */
const violationKindSchema = z.enum([
  'server_error',
  'status_mismatch',
  'schema_mismatch',
  'connection_error',
  'timeout',
  'test_failure',
  'crash',
]);

/**
 * One failure with its evidence. HTTP smoke fills `scenarioId`, test-command mode `nodeid`
 * (at least one is present). `actualStatus` is null when no response arrived.
 */
const violationSchema = z
  .object({
    scenarioId: z.string().optional(),
    nodeid: z.string().optional(),
    /** `METHOD /path/{template}`, e.g. `POST /carts/{cart_id}/items`; for tests, the nodeid. */
    endpoint: z.string(),
    method: z.string(),
    /** The concrete path requested (ids substituted), or the test file. */
    path: z.string(),
    expectedStatus: z.number().int().nullable(),
    actualStatus: z.number().int().nullable(),
    kind: violationKindSchema,
    message: z.string(),
    /** At most a few KB of the response body (or test output), secrets redacted. */
    responseExcerpt: z.string(),
    /** The `X-Request-ID` sent with the request; null for tests. */
    requestId: z.string().nullable(),
    /** Stack traces the server logged for this request (or the test printed). */
    traces: z.array(stackTraceSchema),
    /** The attributed trace's signature; without a trace, a synthetic one (endpoint, kind, status). */
    signature: errorSignatureSchema,
    /** A shell command reproducing the failure (curl, pytest …), secrets redacted. */
    reproduce: z.string(),
  })
  .refine((v) => v.scenarioId !== undefined || v.nodeid !== undefined, {
    message: 'a violation needs scenarioId or nodeid',
  });

/** One death of the app during a smoke. */
const crashSchema = z.object({
  /** The scenario (or test) that was running when it died; null when none could be named. */
  scenarioId: z.string().nullable(),
  requestId: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  /** When it died (ISO 8601). */
  at: z.string(),
  /** Restarted so the smoke could go on. */
  restarted: z.boolean(),
  /** The fatal trace's signature key, when the runtime printed one. */
  signature: z.string().nullable(),
});

/** Outcome of one scenario (or test). `blocked`: a prerequisite failed, so it never ran. */
const scenarioStatusSchema = z.enum(['passed', 'failed', 'blocked']);

/** One scenario as it ran: the per-scenario detail beside the DESIGN §3 totals. */
const scenarioResultSchema = z.object({
  id: z.string(),
  endpoint: z.string(),
  method: z.string(),
  /** The concrete path requested, or the template when the scenario never ran. */
  path: z.string(),
  status: scenarioStatusSchema,
  /** Ids of the failed prerequisites of a blocked scenario. */
  blockedBy: z.array(z.string()),
  expectedStatus: z.number().int().nullable(),
  actualStatus: z.number().int().nullable(),
  durationMs: z.number().nonnegative(),
  requestId: z.string().nullable(),
  /** Informational remarks (e.g. an id taken from a listing because the create failed). */
  notes: z.array(z.string()),
});

/** Outcome of one endpoint: passed when every scenario of it passed. */
const endpointResultSchema = z.object({
  endpoint: z.string(),
  scenarios: z.number().int().nonnegative(),
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  blocked: z.number().int().nonnegative(),
  status: scenarioStatusSchema,
});

/**
 * A whole smoke run. `passRate` = `endpointsPassed / endpointsTested` (0 when nothing was
 * tested). Blocked scenarios and endpoints count as tested and not passed.
 */
export const smokeResultSchema = z.object({
  scenariosTested: z.number().int().nonnegative(),
  scenariosPassed: z.number().int().nonnegative(),
  endpointsTested: z.number().int().nonnegative(),
  endpointsPassed: z.number().int().nonnegative(),
  passRate: z.number().min(0).max(1),
  violations: z.array(violationSchema),
  /** Every trace found in the server log during the run, attributed or not. */
  stackTraces: z.array(stackTraceSchema),
  /** The full server log of the run, or null when none was captured. */
  serverLogPath: z.string().nullable(),
  durationMs: z.number().nonnegative(),
  /** Scenarios that never ran because a prerequisite failed. */
  blocked: z.number().int().nonnegative(),
  scenarios: z.array(scenarioResultSchema),
  endpoints: z.array(endpointResultSchema),
  /** `http` (OpenAPI / scenario file) or `test-command`. */
  mode: z.enum(['http', 'test-command']),
  /** The target base URL (http mode) or the command (test-command mode). */
  target: z.string(),
  /** When the run started (ISO 8601). */
  startedAt: z.string(),
  /** Deaths of the app during the run, oldest first (absent: none, or not watched). */
  crashes: z.array(crashSchema).optional(),
  /** Restarts after those deaths (bounded by `smoke.maxCrashRestarts`). */
  appRestarts: z.number().int().nonnegative().optional(),
  /**
   * HTTP mode: the seed the run's unique values and request ids came from; `smoke --seed` with
   * it sends the same requests again. Absent in test-command mode.
   */
  seed: z.string().optional(),
  /**
   * Test-command mode: how many extra runs of the command it took to see every failing test after
   * the first run stopped early (pytest `--maxfail`/`-x`, vitest/jest `--bail`), each leaving out
   * the tests that had already failed; the result merges them (each test once). Absent when the
   * first run went to the end. `testCommand.maxExtraRuns` bounds it.
   */
  extraRuns: z.number().int().positive().optional(),
  /**
   * Test-command mode: test cases of a JUnit report past `MAX_JUNIT_CASES` (20 000), counted but
   * not read (the first ones in document order are); absent when none were left out.
   */
  testCasesDropped: z.number().int().positive().optional(),
});

/** One violation (DESIGN §3). */
export type Violation = z.infer<typeof violationSchema>;
/** A violation kind. */
export type ViolationKind = z.infer<typeof violationKindSchema>;
/** One death of the app during a smoke. */
export type Crash = z.infer<typeof crashSchema>;
/** passed | failed | blocked. */
export type ScenarioStatus = z.infer<typeof scenarioStatusSchema>;
/** One scenario's outcome. */
export type ScenarioResult = z.infer<typeof scenarioResultSchema>;
/** One endpoint's outcome. */
export type EndpointResult = z.infer<typeof endpointResultSchema>;
/** A smoke run (DESIGN §3). */
export type SmokeResult = z.infer<typeof smokeResultSchema>;

/** JSON Schema (draft 2020-12) of `SmokeResult` — the `smoke --json` output. */
export function smokeResultJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(smokeResultSchema, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>;
}

/**
 * Totals of a run from its scenarios and violations: endpoint outcomes and the pass rate.
 * An endpoint passes when all its scenarios passed; one with a blocked scenario (and no
 * failed one) is `blocked`, and counts as not passed.
 */
export function summarizeScenarios(
  scenarios: readonly ScenarioResult[],
): Pick<
  SmokeResult,
  'scenariosTested' | 'scenariosPassed' | 'endpointsTested' | 'endpointsPassed' | 'passRate' | 'blocked' | 'endpoints'
> {
  const byEndpoint = new Map<string, ScenarioResult[]>();
  for (const s of scenarios) byEndpoint.set(s.endpoint, [...(byEndpoint.get(s.endpoint) ?? []), s]);
  const endpoints: EndpointResult[] = [...byEndpoint].map(([endpoint, list]) => {
    const passed = list.filter((s) => s.status === 'passed').length;
    const failed = list.filter((s) => s.status === 'failed').length;
    const blocked = list.length - passed - failed;
    return {
      endpoint,
      scenarios: list.length,
      passed,
      failed,
      blocked,
      status: failed > 0 ? 'failed' : blocked > 0 ? 'blocked' : 'passed',
    };
  });
  const endpointsPassed = endpoints.filter((e) => e.status === 'passed').length;
  return {
    scenariosTested: scenarios.length,
    scenariosPassed: scenarios.filter((s) => s.status === 'passed').length,
    endpointsTested: endpoints.length,
    endpointsPassed,
    passRate: endpoints.length === 0 ? 0 : endpointsPassed / endpoints.length,
    blocked: scenarios.filter((s) => s.status === 'blocked').length,
    endpoints,
  };
}
