/**
 * `runSmoke`: the HTTP smoke of one app, end to end — start it (or use a running one), check it
 * is fresh, load its OpenAPI document and/or scenario file, generate, order and run scenarios,
 * attribute server traces to requests, build the `SmokeResult`, write the reports.
 */
import { join } from 'node:path';
import { createFetchHttpClient } from '../adapters/fetch-http-client.js';
import { createTestCommandRunner } from '../adapters/test-command-runner.js';
import { createFreshnessCheck } from '../adapters/freshness-check.js';
import type { SmokeConfig } from '../config/smoke-config.js';
import { BaseUrlUnreachableError, ConfigError, ScenarioFileError } from '../errors.js';
import type { FreshnessReport } from '../freshness/check-freshness.js';
import { attributeTraces, type Attribution, type CrashWindow } from '../http/attribute-traces.js';
import { createCrashGuard, type CrashGuard } from '../http/crash-guard.js';
import { JVM_SOURCE, listSourceFiles } from '../adapters/source-files.js';
import { createSourceMapResolver } from '../adapters/source-maps.js';
import { buildSmokeResult } from '../http/build-result.js';
import { redactDeep } from '../http/redact.js';
import { smokeSecrets } from './smoke-secrets.js';
import { executeScenarios, type ScenarioRun } from '../http/execute-scenarios.js';
import { generateScenarios } from '../http/generate/generate-scenarios.js';
import { freshSeed, seededUuid } from '../http/generate/seed.js';
import type { HttpClient } from '../http/http-client.js';
import type { ApiModel } from '../http/openapi/api-model.js';
import { isUrlPath, loadOpenApi } from '../adapters/load-openapi.js';
import { orderScenarios } from '../http/order-scenarios.js';
import { scenarioFilter } from '../http/select-scenarios.js';
import type { Scenario } from '../http/scenario.js';
import { fileScenarios } from '../http/scenario-file.js';
import { loadScenarioFile } from '../adapters/load-scenario-file.js';
import { createFileLogSource } from '../adapters/file-log-source.js';
import type { FileLogSource } from '../logs/log-source.js';
import { traceFromFaulthandlerDump } from '../logs/faulthandler-dump.js';
import { settleLogs } from '../logs/settle-logs.js';
import { waitForQuietLog } from '../logs/quiet-log.js';
import { assertLoopbackUrl } from '../net/loopback.js';
import type { HtmlReportOptions } from '../report/html-report.js';
import { writeHtmlReport, writeJsonReport, writeJunitReport } from '../adapters/report-files.js';
import type { AppRunner, LogEntry } from '../runner/app-runner.js';
import type { Crash, ScenarioResult, SmokeResult } from '../smoke-result.js';
import { createRunnerFromConfig } from './runner-from-config.js';
import { startInterruptibly } from './start-interruptibly.js';

/** Progress of a smoke run. */
export type SmokeEvent =
  | { readonly type: 'app-starting'; readonly runner: string }
  | { readonly type: 'app-ready'; readonly baseUrl: string }
  | { readonly type: 'freshness'; readonly report: FreshnessReport }
  | { readonly type: 'api-loaded'; readonly title: string; readonly operations: number }
  | { readonly type: 'plan'; readonly scenarios: readonly string[] }
  | { readonly type: 'scenario'; readonly result: Pick<ScenarioResult, 'id' | 'status' | 'actualStatus'> }
  | { readonly type: 'crash'; readonly crash: Crash }
  | { readonly type: 'reports'; readonly paths: SmokeReportPaths };

// Silence after a 5xx that lets its trace land (uvicorn logs it ~20 ms after the response), and
// the most one 5xx may delay the next request; both bounded by smoke.logSettleMs.
const FAILURE_QUIET_MS = 60;
const FAILURE_SETTLE_MAX_MS = 500;

/** Where the reports went. */
export interface SmokeReportPaths {
  readonly junit: string;
  readonly html: string;
  readonly json: string;
}

/** Options of `runSmoke`. */
export interface RunSmokeOptions {
  /** Use this runner (started here if stopped, and then stopped again); default: from the config. `null`: none. */
  readonly runner?: AppRunner | null;
  readonly http?: HttpClient;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: SmokeEvent) => void;
  /**
   * The server's log when this smoke starts no app (e.g. `createStreamLogSource(stdin)` for a
   * piped `docker logs -f`); default: `app.logFile` tailed, if set. Stopped when the smoke ends.
   */
  readonly serverLog?: FileLogSource;
  /** Write smoke.xml / smoke.html / smoke.json into `config.artifactsDir` (default true). */
  readonly writeReports?: boolean;
}

/** A finished run: the result and where its reports are. */
export interface SmokeRun {
  readonly result: SmokeResult;
  readonly reports: SmokeReportPaths | null;
  readonly freshness: FreshnessReport | null;
  /** The OpenAPI contract the run was checked against (null: test-command mode, or a scenario file alone). */
  readonly api: ApiModel | null;
}

/**
 * Runs the HTTP smoke described by `config`. Expected failures (failing endpoints) are in the
 * result; bad input throws: `ConfigError`, `OpenApiInvalidError`, `ScenarioFileError`,
 * `NonLoopbackTargetError`, `BaseUrlUnreachableError`, the runner's start errors, `StaleServiceError`.
 * An abort of `options.signal` while it starts the app stops the app and throws
 * `SmokeInterruptedError`; later, the scenarios not yet sent are blocked ("cancelled"), the log
 * wait is skipped, and the app it started is stopped before it returns.
 */
export async function runSmoke(config: SmokeConfig, options: RunSmokeOptions = {}): Promise<SmokeRun> {
  if (config.smoke.testCommand && !config.smoke.openapi && !config.smoke.scenarios)
    return runTestCommand(config, options);
  const started = Date.now();
  const seed = config.smoke.seed ?? freshSeed();
  const http = options.http ?? createFetchHttpClient();
  const emit = options.onEvent ?? (() => undefined);
  const allowNonLoopback = config.smoke.allowNonLoopback;
  const runner = options.runner === null ? undefined : (options.runner ?? createRunnerFromConfig(config));
  const explicitBase = config.smoke.baseUrl ?? (runner ? undefined : config.app.baseUrl);
  if (explicitBase) assertLoopbackUrl(explicitBase, allowNonLoopback);
  if (!explicitBase && !runner)
    throw new ConfigError(
      'no target: set smoke.baseUrl (or app.baseUrl), or an app.runner to start the app',
      config.configPath,
    );
  let startedHere = false;
  // Only an app this smoke can restart is watched: a death is then a crash, not the end of the run.
  const guard: CrashGuard | undefined =
    runner?.onExit && !config.smoke.baseUrl
      ? createCrashGuard(runner as Parameters<typeof createCrashGuard>[0], {
          maxRestarts: config.smoke.maxCrashRestarts,
        })
      : undefined;
  const fileLogs = runner
    ? undefined
    : (options.serverLog ?? (config.app.logFile ? createFileLogSource(config.app.logFile) : undefined));
  try {
    if (runner && runner.state() === 'stopped') {
      emit({ type: 'app-starting', runner: runner.kind });
      startedHere = true;
      await startInterruptibly(runner, options.signal);
    }
    const baseUrl = (explicitBase ?? runner!.baseUrl).replace(/\/$/, '');
    emit({ type: 'app-ready', baseUrl });
    let freshness: FreshnessReport | null = null;
    if (config.freshness) {
      const meta = config.freshness.meta;
      const check = createFreshnessCheck({
        ...config.freshness,
        ...(meta ? { meta: { ...meta, url: meta.url.startsWith('/') ? baseUrl + meta.url : meta.url } } : {}),
        allowNonLoopback,
      } as Parameters<typeof createFreshnessCheck>[0]);
      freshness = await check.check(runner ? { restart: () => runner.restart() } : {});
      emit({ type: 'freshness', report: freshness });
    }
    await preflight(http, baseUrl, config.smoke.timeoutMs);
    const { scenarios, api } = await loadScenarios(config, baseUrl, http, emit, seed);
    const plan = orderScenarios(scenarios);
    emit({ type: 'plan', scenarios: plan.scenarios.map((s) => s.id) });

    const runStart = Date.now();
    const readLogs = (): readonly LogEntry[] =>
      runner ? runner.logs().entries(runStart - 50) : (fileLogs?.entries(runStart - 50) ?? []);
    // After a 5xx, the app's trace gets a moment to land before the next request (see quiet-log.ts).
    const quietMs = Math.min(FAILURE_QUIET_MS, config.smoke.logSettleMs);
    const afterServerError =
      (runner || fileLogs) && quietMs > 0
        ? () =>
            waitForQuietLog(readLogs, {
              quietMs,
              maxMs: Math.min(FAILURE_SETTLE_MAX_MS, config.smoke.logSettleMs),
              ...(fileLogs ? { poll: () => fileLogs.poll() } : {}),
            }).then(() => undefined)
        : undefined;
    const runs = await executeScenarios(plan, {
      http,
      baseUrl,
      concurrency: config.smoke.concurrency,
      timeoutMs: config.smoke.timeoutMs,
      headers: config.smoke.headers,
      maxBodyBytes: config.smoke.maxResponseBytes,
      requestIdHeader: config.smoke.requestIdHeader,
      documentedTargets: config.smoke.documentedTargets ?? false,
      requestIdOf: (s) => seededUuid(seed, ['request', s.id]),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(guard ? { guard } : {}),
      ...(config.smoke.maxFailures !== undefined ? { maxFailures: config.smoke.maxFailures } : {}),
      ...(afterServerError ? { afterServerError } : {}),
      onScenario: (run) =>
        emit({
          type: 'scenario',
          result: {
            id: run.scenario.id,
            status: run.status,
            actualStatus: run.response?.ok ? run.response.status : null,
          },
        }),
    });
    const requests = runs.flatMap((run) =>
      run.request
        ? [
            {
              requestId: run.request.requestId,
              startMs: run.startMs,
              endMs: run.endMs,
              status: run.response?.ok ? run.response.status : null,
              failed: run.status === 'failed',
            },
          ]
        : [],
    );
    const crashes: CrashWindow[] = (guard?.crashes ?? []).flatMap((c) =>
      c.culprit && !c.culprit.byRerun
        ? [{ requestId: c.culprit.requestId, sinceMs: c.culprit.startMs - 10, untilMs: c.exit.loggedAtMs }]
        : [],
    );
    // Frames in compiled output (tsc's dist/) are read at their source through the build's source maps.
    const originalPosition = createSourceMapResolver(config.app.root);
    const attributionOptions = {
      parse: { appRoot: config.app.root, sourceFiles: listSourceFiles(config.app.root, JVM_SOURCE), originalPosition },
      crashes,
      sequential: config.smoke.concurrency === 1 && afterServerError !== undefined,
    };
    // A crash's output is complete once its exit is logged: nothing to wait for.
    const crashed = new Set(crashes.map((c) => c.requestId));
    const failedIds = requests
      .filter((r) => (r.status === null || r.status >= 500) && !crashed.has(r.requestId))
      .map((r) => r.requestId);
    // Done early only when every 5xx already has its trace; a 5xx the app logs no trace for costs the full wait.
    const everyFailureTraced = (entries: readonly LogEntry[]): boolean => {
      if (failedIds.length === 0) return true;
      const { byRequest } = attributeTraces(entries, requests, attributionOptions);
      // A trace still being written (its last line not logged yet) is partial: keep waiting for it.
      return failedIds.every((id) => byRequest.get(id)?.some((trace) => !trace.partial) === true);
    };
    // Without a log to read there is nothing to wait for.
    await settleLogs(
      readLogs,
      requests.map((r) => r.requestId),
      // Interrupted: no waiting for late log lines, the user wants the app stopped.
      {
        maxMs: (runner || fileLogs) && !options.signal?.aborted ? config.smoke.logSettleMs : 0,
        complete: everyFailureTraced,
        ...(fileLogs ? { poll: () => fileLogs.poll() } : {}),
      },
    );
    fileLogs?.stop();
    const entries = readLogs();
    const attribution = withStackDumps(
      attributeTraces(entries, requests, attributionOptions),
      runs,
      entries,
      config.app.root,
    );
    const result = buildSmokeResult({
      runs,
      attribution,
      serverLogPath: runner ? runner.logs().path : (fileLogs?.path ?? null),
      startedAtMs: started,
      durationMs: Date.now() - started,
      target: baseUrl,
      secrets: smokeSecrets(config),
      excerptBytes: config.smoke.excerptBytes,
      logEntries: entries,
      ...(guard ? { crashes: guard.crashes, appRestarts: guard.restarts() } : {}),
      seed,
    });
    for (const crash of result.crashes ?? []) emit({ type: 'crash', crash });
    let reports: SmokeReportPaths | null = null;
    if (options.writeReports !== false) {
      reports = await writeSmokeReports(result, config.artifactsDir);
      emit({ type: 'reports', paths: reports });
    }
    return { result, reports, freshness, api: api ?? null };
  } finally {
    fileLogs?.stop();
    guard?.dispose();
    if (startedHere) await runner!.stop();
  }
}

// Test-command mode (seed 004): the project's own test command through JUnit XML, when the
// config gives a test command and no HTTP source.
async function runTestCommand(config: SmokeConfig, options: RunSmokeOptions): Promise<SmokeRun> {
  const secrets = smokeSecrets(config);
  const tests = createTestCommandRunner(config.smoke.testCommand!, {
    workDir: join(config.artifactsDir, 'test-runs'),
    secrets,
  });
  const run = await tests.run();
  // Test output quotes whatever the tests printed: tokens of the environment included.
  const result = redactDeep(run.result, secrets);
  let reports: SmokeReportPaths | null = null;
  if (options.writeReports !== false) {
    reports = await writeSmokeReports(result, config.artifactsDir);
    options.onEvent?.({ type: 'reports', paths: reports });
  }
  return { result, reports, freshness: null, api: null };
}

/** Writes `smoke.xml` (JUnit), `smoke.html` and `smoke.json` into `dir`; `html`: the page's extras (a loop section). */
export async function writeSmokeReports(
  result: SmokeResult,
  dir: string,
  options: { readonly html?: HtmlReportOptions } = {},
): Promise<SmokeReportPaths> {
  const paths = { junit: join(dir, 'smoke.xml'), html: join(dir, 'smoke.html'), json: join(dir, 'smoke.json') };
  await writeJunitReport(result, paths.junit);
  await writeHtmlReport(result, paths.html, options.html);
  await writeJsonReport(result, paths.json);
  return paths;
}

// A hung request's stack, from the dump the app printed after the request timed out.
function withStackDumps(
  attribution: Attribution,
  runs: readonly ScenarioRun[],
  entries: readonly LogEntry[],
  appRoot: string,
): Attribution {
  const dumped = runs.filter((r) => r.stackDump && r.request);
  if (dumped.length === 0) return attribution;
  const byRequest = new Map(attribution.byRequest);
  const traces = [...attribution.traces];
  for (const run of dumped) {
    const lines = entries
      .filter((e) => e.stream !== 'runner' && e.timeMs >= run.endMs - 5 && e.timeMs <= run.stackDump!.untilMs)
      .map((e) => e.line);
    const what =
      `no response to ${run.scenario.method} ${run.request!.path} ` +
      `within ${Math.round(run.endMs - run.startMs)} ms (the stack of the thread serving it, dumped by faulthandler)`;
    const trace = traceFromFaulthandlerDump(lines, what, { appRoot });
    if (!trace) continue;
    byRequest.set(run.request!.requestId, [...(byRequest.get(run.request!.requestId) ?? []), trace]);
    traces.push(trace);
  }
  return { ...attribution, traces, byRequest };
}

async function preflight(http: HttpClient, baseUrl: string, timeoutMs: number): Promise<void> {
  const response = await http.send({
    method: 'GET',
    url: `${baseUrl}/`,
    headers: {},
    timeoutMs: Math.min(timeoutMs, 10_000),
    maxBodyBytes: 1024,
  });
  if (!response.ok && response.kind === 'connection_error')
    throw new BaseUrlUnreachableError(baseUrl, response.message);
}

async function loadScenarios(
  config: SmokeConfig,
  baseUrl: string,
  http: HttpClient,
  emit: (e: SmokeEvent) => void,
  seed: string,
): Promise<{ scenarios: Scenario[]; api: ApiModel | undefined }> {
  let api: ApiModel | undefined;
  const source = config.smoke.openapi;
  if (source) {
    const location = source.startsWith('/') && isUrlPath(source) ? baseUrl + source : source;
    api = await loadOpenApi(location, {
      baseDir: config.configDir,
      http,
      allowNonLoopback: config.smoke.allowNonLoopback,
      timeoutMs: config.smoke.timeoutMs,
    });
    emit({ type: 'api-loaded', title: api.title, operations: api.operations.length });
  }
  const file = config.smoke.scenarios ? await loadScenarioFile(config.smoke.scenarios) : undefined;
  const generated =
    api && file?.mode !== 'replace'
      ? generateScenarios(api, {
          seed,
          exclude: config.smoke.exclude,
          boundary: config.smoke.boundaryScenarios,
          invalid: config.smoke.invalidScenarios,
          partial: config.smoke.partialUpdates,
          documentedIds: config.smoke.documentedIds,
          documentedTargets: config.smoke.documentedTargets ?? false,
          examplesPerOperation: config.smoke.examplesPerOperation,
        })
      : [];
  const fromFile = file ? fileScenarios(file, api) : [];
  const ids = new Set(generated.map((s) => s.id));
  for (const s of fromFile)
    if (ids.has(s.id))
      throw new ScenarioFileError(
        `scenario id "${s.id}" is also a generated scenario's id; pick another`,
        config.smoke.scenarios!,
      );
  const selected = scenarioFilter(config.smoke.select);
  return { scenarios: [...generated, ...fromFile].filter(selected), api };
}
