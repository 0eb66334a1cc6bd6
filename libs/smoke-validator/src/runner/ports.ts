/**
 * The small interfaces (ports) the runner logic talks to. Adapters under `src/adapters/`
 * implement them against Node, execa and dockerode; unit tests implement them in memory.
 */

/** A clock that can also wait; injectable so readiness and stop timing are testable. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** What an HTTP GET returned. */
export interface HttpReply {
  readonly status: number;
  readonly body: string;
}

/** Minimal HTTP client: one GET with a timeout. Rejects on a connection error or timeout. */
export interface HttpProbe {
  get(url: string, timeoutMs: number): Promise<HttpReply>;
}

/** TCP-level checks on a host port. */
export interface PortProbe {
  /** True when nothing listens on host:port (a listen attempt would succeed). */
  isFree(host: string, port: number): Promise<boolean>;
  /** True when a TCP connection to host:port is accepted within `timeoutMs`. */
  accepts(host: string, port: number, timeoutMs: number): Promise<boolean>;
}

/** Finds what listens on a TCP port (an `ss -lntp` line); null when nothing or unknown. */
export type ListenerLookup = (port: number) => Promise<string | null>;

/** How a process or container ended. `error` is set when it could not be started at all. */
export interface ExitInfo {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly error?: string;
}

/** What to launch. A string command runs through the shell, an array runs without one. */
export interface LaunchSpec {
  readonly command: string | readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}

/** Output callbacks of a launched process. */
export interface LaunchOutput {
  stdout(chunk: Uint8Array): void;
  stderr(chunk: Uint8Array): void;
}

/** A launched process, leader of its own process group (pgid = pid). */
export interface LaunchedProcess {
  /** Undefined when the spawn itself failed. */
  readonly pid: number | undefined;
  /** Resolves when the leader exits (never rejects). */
  readonly exit: Promise<ExitInfo>;
  /** Resolves when its stdout and stderr are closed (after `exit`, unless children hold them). */
  readonly closed: Promise<void>;
}

/** Starts processes in a new process group. */
export interface ProcessLauncher {
  launch(spec: LaunchSpec, output: LaunchOutput): LaunchedProcess;
}

/** Signals and inspects whole process groups. */
export interface ProcessGroupControl {
  /** Sends `signal` to every process in the group; a group that is already gone is not an error. */
  signal(pgid: number, signal: 'SIGTERM' | 'SIGKILL'): void;
  /** True while any live (non-zombie) process remains in the group. */
  alive(pgid: number): boolean;
  /** Live members of the group and their executables (absent where the platform cannot tell). */
  members?(pgid: number): readonly { readonly pid: number; readonly exe: string }[];
  /** Signals one process (a runtime's stack dump on SIGABRT); a process already gone is not an error. */
  signalPid?(pid: number, signal: 'SIGABRT'): void;
}

/** Outcome of one command run. `exitCode` is null when it timed out or could not start. */
export interface CommandOutcome {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly error?: string;
}

/** Runs a shell command line or argv array; never throws. */
export type CommandRunner = (
  command: string | readonly string[],
  options: { readonly cwd?: string; readonly timeoutMs: number; readonly env?: Readonly<Record<string, string>> },
) => Promise<CommandOutcome>;
