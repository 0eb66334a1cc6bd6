/**
 * The test-command runner: plans each run (JUnit options, ndsmoke exclusion, escalation),
 * executes it, reads the JUnit report and returns a `SmokeResult`; a full run that stopped early
 * (`--maxfail`, `-x`, `--bail`) is continued by extra runs without the tests that failed, merged
 * into one result. It remembers every exact command it ran (the escalation bundle's
 * `repro_commands`).
 */
import { join, relative } from 'node:path';
import type { StackTrace } from '@smoke-repair/log-parser';
import { traceFromFaulthandlerDump } from '../logs/faulthandler-dump.js';
import type { SmokeResult } from '../smoke-result.js';
import type { ExecuteSpec, TestCommandExecution } from './execute.js';
import { JunitParseError, TestCommandError } from './errors.js';
import { SmokeInterruptedError } from '../errors.js';
import { MAX_JUNIT_BYTES, readJunitReport } from './junit-xml.js';
import { buildTestCommandResult } from './build-result.js';
import { exclusionsAfter, stoppedEarly } from './early-stop.js';
import { mergeRunResults } from './merge-runs.js';
import { planTestCommand, type TestRunRequest } from './plan-command.js';
import type { ResolvedTestCommand } from './resolve-config.js';
import type { PytestPlugin } from './server-error-plugin.js';

/** One execution of the command. */
interface TestCommandExecutionRecord {
  /** The exact command that ran. */
  readonly command: string;
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly junitPath: string;
  readonly logPath: string;
}

/**
 * One finished run: the first execution's command, exit and files, and the result merged over
 * it and its extra runs.
 */
export interface TestCommandRun extends TestCommandExecutionRecord {
  readonly result: SmokeResult;
  readonly attempt: number;
  readonly nodeid: string | null;
  /** The extra runs after an early stop, in order (empty when the first run went to the end). */
  readonly extraRuns: readonly TestCommandExecutionRecord[];
  /**
   * False when the suite was not run to its end: the last run still stopped early (the
   * `maxExtraRuns` bound, or an extra run that found no new failure to leave out), timed out,
   * or an extra run wrote no readable report (`continuationError`).
   */
  readonly complete: boolean;
  /** Why an extra run gave no result (its `TestCommandError` or `JunitParseError` message). */
  readonly continuationError?: string;
}

/** Runs a project's test command and reads its results (see `createTestCommandRunner`). */
export interface TestCommandRunner {
  /** The validated configuration. */
  readonly config: ResolvedTestCommand;
  /**
   * Runs the suite: attempt 1 as configured, 2 with shorter tracebacks, 3 a focused rerun of
   * `nodeid`. A full run (no `nodeid`) that stopped early is run again, up to
   * `maxExtraRuns` times, without the tests that failed. Rejects with `TestCommandError` when
   * the first run writes no JUnit report (and did not time out), `JunitParseError` when its
   * report is unreadable (an extra run's is `continuationError`).
   */
  run(request?: TestRunRequest): Promise<TestCommandRun>;
  /** Every command run so far, in order (for `repro_commands`). */
  commands(): readonly string[];
  /** The command that reruns one test (the seed's focused rerun, without JUnit output). */
  reproduce(nodeid: string): string;
}

/** What the runner needs from the outside world. */
export interface TestCommandRunnerDeps {
  execute(spec: ExecuteSpec): Promise<TestCommandExecution>;
  /** The file's text, or null when it does not exist. */
  readFile(path: string): string | null;
  /** The file's size in bytes, or null when it does not exist. */
  fileSize(path: string): number | null;
  removeFile(path: string): void;
  /**
   * Rewrites a report the test framework wrote with the run's secrets replaced (it is an artifact, and quotes what the
   * tests printed).
   */
  redactFile?(path: string): void;
  fileExists(path: string): boolean;
  /**
   * smoke-repair's pytest plugin (server-error-plugin.ts), written where the run can import it; absent or null: runs
   * go without it.
   */
  pytestPlugin?(): PytestPlugin | null;
  /** A directory for reports and logs of this runner. */
  readonly workDir: string;
  now(): number;
}

/** Wires the runner logic to its dependencies. */
export function createTestCommandRunnerWith(
  config: ResolvedTestCommand,
  deps: TestCommandRunnerDeps,
): TestCommandRunner {
  const history: string[] = [];
  let runs = 0;
  const reproduce = (nodeid: string): string => planTestCommand(config, { attempt: 3, nodeid }, null).display;

  async function run(request: TestRunRequest = {}): Promise<TestCommandRun> {
    const first = await runOnce(request, []);
    const done = { ...first.run, extraRuns: [], complete: !first.stopped && !first.run.timedOut };
    if (first.run.nodeid !== null || done.complete || config.maxExtraRuns === 0) return done;
    const executions = [first];
    let continuationError: string | undefined;
    let last = first;
    while (last.stopped && !last.run.timedOut && executions.length <= config.maxExtraRuns) {
      const exclude = exclusionsAfter(
        config.framework,
        executions.map((e) => e.run.result),
      );
      if (exclude.length === last.excluded.length) break; // nothing new to leave out: it would stop in the same place
      try {
        last = await runOnce(request, exclude);
      } catch (error) {
        if (!(error instanceof TestCommandError || error instanceof JunitParseError)) throw error;
        continuationError = error.message;
        break;
      }
      executions.push(last);
    }
    const [, ...extra] = executions;
    return {
      ...first.run,
      result: mergeRunResults(executions.map((e) => e.run.result)),
      extraRuns: extra.map(({ run: { command, exitCode, timedOut, junitPath, logPath } }) => ({
        command,
        exitCode,
        timedOut,
        junitPath,
        logPath,
      })),
      complete: continuationError === undefined && !last.stopped && !last.run.timedOut,
      ...(continuationError === undefined ? {} : { continuationError }),
    };
  }

  async function runOnce(
    request: TestRunRequest,
    exclude: readonly string[],
  ): Promise<{ run: Omit<TestCommandRun, 'extraRuns' | 'complete'>; stopped: boolean; excluded: readonly string[] }> {
    runs += 1;
    const junitPath = config.junitPath ?? join(deps.workDir, `junit-${runs}.xml`);
    const logPath = join(deps.workDir, `run-${runs}.log`);
    deps.removeFile(junitPath); // never read a report left by an earlier run
    const plugin = config.framework === 'pytest' ? (deps.pytestPlugin?.() ?? null) : null;
    const plan = planTestCommand(config, request, junitPath, exclude, plugin);
    history.push(plan.display);
    const startedMs = deps.now();
    const execution = await deps.execute({
      command: plan.command,
      cwd: config.cwd,
      env: { ...config.env, ...plan.env },
      timeoutMs: config.timeoutMs,
      logPath,
      ...(request.signal ? { signal: request.signal } : {}),
    });
    // Stopped from outside: no report worth reading, and the caller is ending.
    if (execution.aborted) throw new SmokeInterruptedError(String(request.signal?.reason ?? 'aborted'));
    const junitBytes = deps.fileSize(junitPath);
    if (junitBytes !== null && junitBytes > MAX_JUNIT_BYTES) {
      throw new JunitParseError(
        `${junitPath} is ${junitBytes} bytes, more than the ${MAX_JUNIT_BYTES} bytes (MAX_JUNIT_BYTES) a JUnit ` +
          `report may have; it was not read. Run fewer tests (a path, -k) or with shorter tracebacks`,
      );
    }
    const xml = deps.readFile(junitPath);
    if (xml !== null) deps.redactFile?.(junitPath);
    const log = execution.error ? null : deps.readFile(logPath);
    const crashed =
      xml === null && !execution.timedOut && !execution.error ? crashedTest(log, config.cwd, execution) : undefined;
    if (xml === null && !execution.timedOut && !crashed) {
      const why = execution.error
        ? `could not be started (${execution.error})`
        : `exited with code ${execution.exitCode} without writing a JUnit report`;
      throw new TestCommandError(`the test command ${why}`, plan.display, execution.exitCode, execution.lastLines);
    }
    const report = xml === null ? { cases: [], dropped: 0 } : readJunitReport(xml, junitPath);
    const result = buildTestCommandResult({
      cases: report.cases,
      ...(report.dropped > 0 ? { testCasesDropped: report.dropped } : {}),
      framework: config.framework,
      root: config.cwd,
      fileExists: (relativePath) => deps.fileExists(join(config.cwd, relativePath)),
      reproduce,
      command: plan.display,
      startedAt: new Date(startedMs).toISOString(),
      durationMs: execution.durationMs,
      logPath,
      ...(crashed ? { crashedTest: crashed } : {}),
      ...(execution.timedOut
        ? {
            timedOutAfterMs: config.timeoutMs,
            ...runningTest(execution.stackDumped ? log : null, config.cwd, config.timeoutMs),
          }
        : {}),
    });
    const failing = result.scenarios.filter((s) => s.status === 'failed').length;
    // A crash ends the run in one test: the tests after it never ran either.
    const stopped =
      plan.nodeid === null &&
      (crashed !== undefined ||
        stoppedEarly({ framework: config.framework, log, words: [...config.words, ...config.extraArgs], failing }));
    return {
      run: {
        result,
        command: plan.display,
        attempt: plan.attempt,
        nodeid: plan.nodeid,
        exitCode: execution.exitCode,
        timedOut: execution.timedOut,
        junitPath,
        logPath,
      },
      stopped,
      excluded: exclude,
    };
  }

  return { config, run, commands: () => [...history], reproduce };
}

const TEST_FILE = /(^|\/)(test_[^/]*|[^/]*_test)\.py$/;

// The test a timed-out run was in, from the stack dump in its log: the innermost frame in a test
// file names it (`file::function`); the dumped stack is the timeout's trace.
function runningTest(
  log: string | null,
  cwd: string,
  timeoutMs: number,
): { runningTest?: { nodeid: string; trace: StackTrace } } {
  if (log === null) return {};
  const trace = traceFromFaulthandlerDump(
    log.split(/\r?\n/),
    `the test did not finish within ${timeoutMs} ms (its stack when the run was stopped)`,
    { appRoot: cwd },
  );
  const nodeid = trace && testNodeid(trace, cwd);
  return trace && nodeid ? { runningTest: { nodeid, trace } } : {};
}

// A run killed by a crash (a segfault in a test or the code it calls): faulthandler's dump names
// the test; without one (os._exit) the run stays a TestCommandError.
function crashedTest(
  log: string | null,
  cwd: string,
  execution: TestCommandExecution,
): { nodeid: string; trace: StackTrace; exitCode: number | null; signal: string | null } | undefined {
  if (log === null) return undefined;
  const lines = log.split(/\r?\n/);
  const fatal = lines.map((l) => /^Fatal Python error: (.+)$/.exec(l)?.[1]).find(Boolean);
  if (!fatal) return undefined;
  const trace = traceFromFaulthandlerDump(lines, fatal.trim(), { appRoot: cwd }, 'FatalError');
  const nodeid = trace && testNodeid(trace, cwd);
  return trace && nodeid ? { nodeid, trace, exitCode: execution.exitCode, signal: execution.signal } : undefined;
}

function testNodeid(trace: StackTrace, cwd: string): string | undefined {
  const frame = [...trace.frames].reverse().find((f) => TEST_FILE.test(f.file));
  if (!frame?.function) return undefined;
  const file = frame.file.startsWith('/') ? relative(cwd, frame.file) : frame.file;
  return `${file}::${frame.function}`;
}
