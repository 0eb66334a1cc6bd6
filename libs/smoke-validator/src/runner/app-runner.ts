/**
 * The one interface every way of running an app implements (a child process, a Docker
 * container). The smoke code only ever sees this.
 */

/** Where a log line came from: the app's stdout or stderr, or a note the runner wrote itself. */
export type LogStream = 'stdout' | 'stderr' | 'runner';

/** One captured log line. `timeMs` is the capture time (ms since the epoch). */
export interface LogEntry {
  readonly timeMs: number;
  readonly stream: LogStream;
  readonly line: string;
}

/** Read access to an app's captured logs. */
export interface AppLogs {
  /** The log file holding every line of every run, one `<ISO time> <stream> <line>` per line. */
  readonly path: string;
  /**
   * Log lines captured in `[sinceMs, untilMs]` (inclusive; open ends when omitted), oldest first.
   * Served from the in-memory ring; falls back to the log file when the ring no longer holds
   * the whole window.
   */
  entries(sinceMs?: number, untilMs?: number): readonly LogEntry[];
  /** The lines of `entries(sinceMs, untilMs)`, without timestamps, joined with `\n`. */
  text(sinceMs?: number, untilMs?: number): string;
  /** The last `count` lines (from the ring), oldest first. */
  tail(count: number): readonly string[];
}

/** Outcome of a health check: a value, never an exception. */
export interface HealthResult {
  readonly ok: boolean;
  /** HTTP status when the app answered. */
  readonly status?: number;
  /** Why it is not ok: a connection error, a timeout, a status, or "not running". */
  readonly error?: string;
  readonly durationMs: number;
}

/** Lifecycle state of a runner. */
export type RunnerState = 'stopped' | 'starting' | 'running' | 'stopping';

/** An app that died on its own while it was running (not stopped by its runner). */
export interface AppExit {
  /** When the exit was seen (ms since the epoch). */
  readonly atMs: number;
  /** When the runner noted it in the log, after the app's last output was captured. */
  readonly loggedAtMs: number;
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** How the death was seen: the process exited, or the container stopped. */
  readonly how: 'process' | 'container';
}

/** Runs one app: start it, stop it, restart it, read its logs, ask whether it is healthy. */
export interface AppRunner {
  /** `process` or `docker`. */
  readonly kind: string;
  /** `http://127.0.0.1:<port>` — what the smoke scenarios target. */
  readonly baseUrl: string;
  readonly port: number;
  /** Current lifecycle state. */
  state(): RunnerState;
  /**
   * Starts the app and resolves once it is ready. Rejects with `PortBusyError`,
   * `AppExitedError` (carrying the last log lines) or `AppStartTimeoutError`; on rejection
   * nothing is left running.
   */
  start(): Promise<void>;
  /** Stops the app and everything it spawned. Idempotent. */
  stop(): Promise<void>;
  /** `stop()` then `start()`; the logs keep accumulating across restarts. */
  restart(): Promise<void>;
  /** The captured logs of every run of this runner. */
  logs(): AppLogs;
  /** One health probe; never throws. */
  health(): Promise<HealthResult>;
  /**
   * Calls `listener` each time the app dies while running (a crash, not `stop()`), once its last
   * output is in the logs; the runner is `stopped` by then. Returns an unsubscribe function.
   * Runners that cannot watch their app leave it out.
   */
  onExit?(listener: (exit: AppExit) => void): () => void;
  /**
   * Makes the app print the stacks of all its threads and die (Python: SIGABRT, which
   * `PYTHONFAULTHANDLER`, set by the process runner, turns into a dump on stderr). Resolves false,
   * doing nothing, when no process of the app can dump. The death is reported to `onExit`.
   */
  dumpStacks?(): Promise<boolean>;
  /**
   * Starts the app again after it died mid-smoke, keeping its data as the crash left it (the
   * smoke goes on with the ids it created). Default: `restart()`. A wrapper whose `restart()`
   * also resets the app's data forwards this to the plain restart.
   */
  restartAfterCrash?(): Promise<void>;
}
