/**
 * Turns scenario runs and attributed traces into a `SmokeResult`: one violation per failed
 * scenario with its evidence (excerpt, traces, signature, curl command), secrets redacted.
 */
import { createHash } from 'node:crypto';
import type { ErrorSignature, StackTrace } from '@smoke-repair/log-parser';
import type { LogEntry } from '../runner/app-runner.js';
import {
  summarizeScenarios,
  type Crash,
  type ScenarioResult,
  type SmokeResult,
  type Violation,
} from '../smoke-result.js';
import type { Attribution } from './attribute-traces.js';
import type { CrashRecord } from './crash-guard.js';
import { curlCommand } from './curl.js';
import { excerpt } from './excerpt.js';
import type { ScenarioRun } from './execute-scenarios.js';
import { redactDeep, redactText, redactUrl } from './redact.js';
import type { Scenario } from './scenario.js';

/** Inputs of `buildSmokeResult`. */
export interface BuildResultInput {
  readonly runs: readonly ScenarioRun[];
  readonly attribution: Attribution;
  readonly serverLogPath: string | null;
  readonly startedAtMs: number;
  readonly durationMs: number;
  readonly target: string;
  /** Secret values (configured header values) to scrub from excerpts and messages. */
  readonly secrets?: readonly string[];
  readonly excerptBytes?: number;
  /**
   * The server log of the run: a request that got no response (timeout, crash) quotes what the app logged during it.
   */
  readonly logEntries?: readonly LogEntry[];
  /** Deaths of the app during the run and the restarts after them. */
  readonly crashes?: readonly CrashRecord[];
  readonly appRestarts?: number;
  /** The run's seed (`SmokeResult.seed`). */
  readonly seed?: string;
}

/** Log lines quoted for a request without a response. */
const LOG_LINES_QUOTED = 30;

/** Assembles the result of an HTTP smoke run. */
export function buildSmokeResult(input: BuildResultInput): SmokeResult {
  const secrets = input.secrets ?? [];
  const scenarios: ScenarioResult[] = input.runs.map((run) => ({
    id: run.scenario.id,
    endpoint: run.scenario.endpoint,
    method: run.scenario.method,
    path: redactUrl(run.request?.path ?? run.scenario.path),
    status: run.status,
    blockedBy: [...run.blockedBy],
    expectedStatus: run.scenario.expectedStatuses[0] ?? null,
    actualStatus: run.response?.ok ? run.response.status : null,
    durationMs: Math.max(0, run.endMs - run.startMs),
    requestId: run.request?.requestId ?? null,
    notes: run.notes.map((n) => redactText(n, secrets)),
  }));
  const violations: Violation[] = [];
  const requestIds = input.runs.flatMap((r) => (r.request ? [r.request.requestId] : []));
  for (const run of input.runs) {
    if (run.status !== 'failed' || !run.failure || !run.request) continue;
    const traces = [...(input.attribution.byRequest.get(run.request.requestId) ?? [])];
    const actualStatus = run.response?.ok ? run.response.status : null;
    const body = run.response?.ok
      ? run.response.body
      : logDuring(
          input.logEntries,
          run.startMs,
          run.crash ? run.crash.exit.loggedAtMs : run.endMs,
          run.request.requestId,
          requestIds,
        );
    violations.push({
      scenarioId: run.scenario.id,
      endpoint: run.scenario.endpoint,
      method: run.scenario.method,
      path: redactUrl(run.request.path),
      expectedStatus: run.scenario.expectedStatuses[0] ?? null,
      actualStatus,
      kind: run.failure.kind,
      message: redactText(run.failure.message, secrets),
      responseExcerpt: redactText(
        excerpt(
          body,
          input.excerptBytes,
          run.response?.ok && run.response.truncated ? run.response.bytesRead + 1 : undefined,
        ),
        secrets,
      ),
      requestId: run.request.requestId,
      traces,
      signature:
        violationSignature(primaryTrace(traces), signatureScope(run.scenario)) ??
        syntheticSignature(signatureScope(run.scenario), run.failure.kind, actualStatus, run.failure.message),
      reproduce: curlCommand(run.request),
    });
  }
  const crashes = (input.crashes ?? [])
    .filter((c) => !c.dump)
    .map((c): Crash => {
      const traced = violations.find(
        (v) => v.requestId !== null && v.requestId === c.culprit?.requestId && v.traces.length > 0,
      );
      return {
        scenarioId: c.culprit?.scenarioId ?? null,
        requestId: c.culprit?.requestId ?? null,
        exitCode: c.exit.exitCode,
        signal: c.exit.signal,
        at: new Date(c.exit.atMs).toISOString(),
        restarted: c.restarted ?? false,
        signature: traced ? traced.signature.key : null,
      };
    });
  const result: SmokeResult = {
    ...summarizeScenarios(scenarios),
    violations,
    stackTraces: [...input.attribution.traces],
    serverLogPath: input.serverLogPath,
    durationMs: input.durationMs,
    scenarios,
    mode: 'http',
    target: redactUrl(input.target),
    startedAt: new Date(input.startedAtMs).toISOString(),
    ...(input.crashes ? { crashes, appRestarts: input.appRestarts ?? 0 } : {}),
    ...(input.seed !== undefined ? { seed: input.seed } : {}),
  };
  // Every string of the result, traces included: an app may echo a configured header anywhere.
  return redactDeep(result, secrets);
}

// What the app wrote while a request went unanswered: the evidence of a hang or a crash. Lines
// that belong to other requests in flight — their access lines (another request's id) and the
// frames of their stack traces — are left out, so the excerpt's bytes go to this request's own.
function logDuring(
  entries: readonly LogEntry[] | undefined,
  fromMs: number,
  untilMs: number,
  ownId: string,
  requestIds: readonly string[],
): string {
  if (!entries) return '';
  const others = requestIds.filter((id) => id !== ownId);
  const lines = entries
    .filter((e) => e.stream !== 'runner' && e.timeMs >= fromMs && e.timeMs <= untilMs)
    .map((e) => e.line)
    .filter((line) => !FRAME_LINE.test(line) && (line.includes(ownId) || !others.some((id) => line.includes(id))));
  if (lines.length === 0) return '';
  const shown = lines.length > LOG_LINES_QUOTED ? ['…', ...lines.slice(-LOG_LINES_QUOTED)] : lines;
  return `server log during the request:\n${shown.join('\n')}`;
}

// A stack frame of Node, Python, Java or Go (indented `at …`, `File "…"`, `\t/path.go:12`).
const FRAME_LINE = /^\s+(?:at |File "|\/\S+\.go:\d+)/;

/** The trace that explains a failure: the last one with an in-app culprit, else the last. */
function primaryTrace(traces: readonly StackTrace[]): StackTrace | undefined {
  return [...traces].reverse().find((t) => t.culprit?.inApp) ?? traces[traces.length - 1];
}

/**
 * The signature a traced failure is repaired under. A trace with an in-app culprit names the code
 * that failed, whatever the endpoint. One without (a framework's response validation, an error
 * raised inside a library) says nothing about which handler is at fault: the same framework error
 * on two endpoints is two root causes, so the endpoint joins its identity.
 */
export function violationSignature(trace: StackTrace | undefined, endpoint: string): ErrorSignature | undefined {
  if (!trace) return undefined;
  if (trace.culprit?.inApp) return trace.signature;
  const hash = createHash('sha256').update(`${trace.signature.hash}\0${endpoint}`).digest('hex').slice(0, 16);
  return { ...trace.signature, hash, key: `${trace.signature.key} [${endpoint}]` };
}

/**
 * What a failure's signature is scoped to: its endpoint, or for an invalid variant the endpoint
 * and the refusal it asks for, so a missing 404 or 400 is a root cause of its own, apart from a
 * bug the positive request hits on the same line (a fix of that one is judged on its request).
 */
function signatureScope(s: Scenario): string {
  if (s.variant !== 'invalid') return s.endpoint;
  return `${s.endpoint} ${s.id.endsWith('[unknown id]') ? '[unknown id]' : '[invalid body]'}`;
}

/**
 * The signature of a failure without a trace: stable over (endpoint shape, kind, status).
 * `key` reads `status_mismatch@POST /orders/{order_id}/pay: HTTP 404`.
 */
export function syntheticSignature(
  endpoint: string,
  kind: string,
  status: number | null,
  message: string,
): ErrorSignature {
  const statusText = status === null ? 'no response' : `HTTP ${status}`;
  const hash = createHash('sha256')
    .update(`http\0${endpoint}\0${kind}\0${status ?? 'none'}`)
    .digest('hex')
    .slice(0, 16);
  return { hash, key: `${kind}@${endpoint}: ${statusText}`, exceptionType: kind, message: message.slice(0, 300) };
}
