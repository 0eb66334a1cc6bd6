/**
 * The process runner's logic, written against ports so it is testable with fakes: port check,
 * launch in its own process group, readiness, clean group stop, and errors that say why.
 */
import {
  AppExitedError,
  AppStartTimeoutError,
  ForeignListenerError,
  PortBusyError,
  RunnerStateError,
} from '../errors.js';
import type { ServerLog } from '../logs/server-log.js';
import type { AppExit, AppRunner, RunnerState } from './app-runner.js';
import { notRunning, probeHealth } from './health.js';
import type {
  Clock,
  ExitInfo,
  HttpProbe,
  LaunchedProcess,
  ListenerLookup,
  PortProbe,
  ProcessGroupControl,
  ProcessLauncher,
} from './ports.js';
import { classifyListeners, type ProcessInfoLookup } from './listener-owner.js';
import type { ResolvedProcessOptions } from './process-options.js';
import { describeTarget, waitUntilReady } from './readiness.js';
import { stopProcessGroup } from './stop-process-group.js';

/** Everything the process runner talks to. */
export interface ProcessRunnerDeps {
  readonly launcher: ProcessLauncher;
  readonly group: ProcessGroupControl;
  readonly http: HttpProbe;
  readonly ports: PortProbe;
  readonly clock: Clock;
  readonly listener: ListenerLookup;
  readonly log: ServerLog;
  /**
   * Reads a process's parent and group: with it, readiness counts only when the port's listener
   * is in the app's process tree (a foreign server on the port fails the start). Without it, or
   * when the listener names no process, any answer counts (with a note in the log).
   */
  readonly processInfo?: ProcessInfoLookup;
  /**
   * Kills what runs killed with SIGKILL left (labelled processes whose run is gone) and says
   * what it killed: a busy port is first freed of those, then refused only if still busy.
   */
  readonly reapLeftovers?: () => readonly { readonly pid: number }[];
}

/** How long a port freed of leftovers may take to close. */
const REAP_WAIT_MS = 3_000;

/** Lines of log quoted in start errors. */
export const ERROR_TAIL_LINES = 20;
/** How long to wait for output pipes to drain after an exit, so the error quotes the last lines. */
const DRAIN_MS = 500;

interface Run {
  readonly proc: LaunchedProcess;
  exit: ExitInfo | null;
  readonly done: Promise<void>;
}

/** Creates a process runner from resolved options and its ports. */
export function createProcessAppRunner(options: ResolvedProcessOptions, deps: ProcessRunnerDeps): AppRunner {
  const { log, clock } = deps;
  let state: RunnerState = 'stopped';
  let run: Run | null = null;
  const exitListeners = new Set<(exit: AppExit) => void>();

  const launch = (): Run => {
    const out = log.splitter('stdout');
    const err = log.splitter('stderr');
    const proc = deps.launcher.launch(
      // faulthandler: a Python app prints its threads' stacks on a fatal signal (a segfault, or the SIGABRT of
      // dumpStacks).
      { command: options.command, cwd: options.cwd, env: { PYTHONFAULTHANDLER: '1', ...options.env } },
      { stdout: (c) => out.push(c), stderr: (c) => err.push(c) },
    );
    const current: Run = {
      proc,
      exit: null,
      done: proc.exit.then(async (exit) => {
        const atMs = clock.now();
        current.exit = exit;
        await Promise.race([proc.closed, clock.sleep(DRAIN_MS)]);
        out.end();
        err.end();
        const loggedAtMs = clock.now();
        log.note(
          exit.error ? `failed to start: ${exit.error}` : `exited (code ${exit.exitCode}, signal ${exit.signal})`,
        );
        if (state === 'running') {
          // Crashed while serving: reap whatever it left behind and report "not running".
          await killGroup(current);
          state = 'stopped';
          const death: AppExit = { atMs, loggedAtMs, exitCode: exit.exitCode, signal: exit.signal, how: 'process' };
          for (const listener of [...exitListeners]) listener(death);
        }
      }),
    };
    return current;
  };

  const killGroup = async (current: Run) => {
    const pid = current.proc.pid;
    if (pid === undefined) return;
    const outcome = await stopProcessGroup(pid, { control: deps.group, clock, graceMs: options.stopTimeoutMs });
    if (outcome.signal)
      log.note(
        `stopped process group ${pid} ` +
          `with ${outcome.signal}${outcome.survivors ? ' (some processes survived SIGKILL)' : ''}`,
      );
  };

  const abortStart = async (current: Run) => {
    await killGroup(current);
    await current.done;
    if (run !== current) return;
    run = null;
    state = 'stopped';
    await log.close();
  };

  const start = async () => {
    // A start right after a stop (a restart, an abort during the start) waits for that stop to end.
    if (stopping) await stopping;
    if (state !== 'stopped') throw new RunnerStateError(`cannot start: the runner is ${state}`);
    state = 'starting';
    if (!(await deps.ports.isFree(options.host, options.port)) && !(await freedOfLeftovers())) {
      state = 'stopped';
      throw new PortBusyError(options.host, options.port, await deps.listener(options.port).catch(() => null));
    }
    log.note(`starting ${JSON.stringify(options.command)} in ${options.cwd} on ${options.baseUrl}`);
    const current = launch();
    run = current;
    const outcome = await waitUntilReady({
      target: options.readiness.target,
      timeoutMs: options.readiness.timeoutMs,
      intervalMs: options.readiness.intervalMs,
      clock,
      http: deps.http,
      ports: deps.ports,
      exited: () => current.exit,
    });
    if (outcome.kind === 'ready') {
      const foreign = await foreignListener(current);
      if (foreign) {
        log.note(`readiness answered by a foreign listener: ${foreign.listener}; stopping`);
        await abortStart(current);
        throw foreign;
      }
      state = 'running';
      log.note('ready');
      return;
    }
    if (outcome.kind === 'exited') {
      await abortStart(current);
      const { exitCode, signal, error } = outcome.exit;
      throw new AppExitedError(exitCode, signal, log.view.tail(ERROR_TAIL_LINES), {
        cause: error ? new Error(error) : undefined,
      });
    }
    log.note(`not ready after ${options.readiness.timeoutMs} ms; stopping`);
    await abortStart(current);
    throw new AppStartTimeoutError(options.readiness.timeoutMs, outcome.lastProbe, log.view.tail(ERROR_TAIL_LINES), {
      target: describeTarget(options.readiness.target),
    });
  };

  // The port is busy: when our own leftovers (a killed run's app) hold it, they go, not the start.
  const freedOfLeftovers = async (): Promise<boolean> => {
    const reaped = deps.reapLeftovers?.() ?? [];
    if (reaped.length === 0) return false;
    log.note(
      `port ${options.port} was held by what a killed run left: stopped pid ${reaped.map((p) => p.pid).join(', ')}`,
    );
    const until = clock.now() + REAP_WAIT_MS;
    while (clock.now() < until) {
      if (await deps.ports.isFree(options.host, options.port)) return true;
      await clock.sleep(50);
    }
    return false;
  };

  // Whatever answered readiness must be the app: the listener of the port in its process tree.
  let warnedUnknown = false;
  const foreignListener = async (current: Run): Promise<ForeignListenerError | null> => {
    const rootPid = current.proc.pid;
    if (!deps.processInfo || rootPid === undefined) return null;
    const lines = await deps.listener(options.port).catch(() => null);
    const owner = classifyListeners(lines, rootPid, deps.processInfo, options.host);
    if (owner.kind === 'foreign')
      return new ForeignListenerError(options.host, options.port, owner.pid, owner.command, owner.line);
    if (owner.kind === 'unknown' && !warnedUnknown) {
      warnedUnknown = true;
      log.note(
        `warning: cannot tell which process listens on port ${options.port} (no ss -lntp, no /proc): readiness ` +
          `trusts any listener`,
      );
    }
    return null;
  };

  // A stop asked for while one is under way waits for it: a caller that deletes the app's folder
  // after `stop()` must not race the first stop's last log lines (they would recreate the log).
  let stopping: Promise<void> | null = null;
  const stop = async () => {
    const current = run;
    if (stopping) return stopping;
    if (current === null) return;
    state = 'stopping';
    stopping = (async () => {
      log.note('stopping');
      try {
        await killGroup(current);
        await current.done;
      } catch (error) {
        // The group could not be stopped: still running unless it exited on its own.
        if (run === current) state = current.exit ? 'stopped' : 'running';
        throw error;
      }
      // A newer run (started after an aborted start) is not this stop's to clear.
      if (run !== current) return;
      run = null;
      state = 'stopped';
      await log.close();
    })().finally(() => {
      stopping = null;
    });
    return stopping;
  };

  return {
    kind: 'process',
    baseUrl: options.baseUrl,
    port: options.port,
    state: () => state,
    start,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
    logs: () => log.view,
    health: async () =>
      state === 'running'
        ? probeHealth(deps.http, clock, options.health.url, options.health.timeoutMs)
        : notRunning(state),
    dumpStacks: async () => {
      const pid = run?.proc.pid;
      if (state !== 'running' || pid === undefined || !deps.group.members || !deps.group.signalPid) return false;
      const pythons = deps.group
        .members(pid)
        .filter((m) => /^python[\d.]*$/.test(m.exe.slice(m.exe.lastIndexOf('/') + 1)));
      if (pythons.length === 0) return false;
      log.note(`dumping the stacks of ${pythons.map((p) => p.pid).join(', ')} (SIGABRT, faulthandler)`);
      for (const p of pythons) deps.group.signalPid(p.pid, 'SIGABRT');
      return true;
    },
    onExit: (listener) => {
      exitListeners.add(listener);
      return () => exitListeners.delete(listener);
    },
  };
}
