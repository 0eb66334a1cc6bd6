/**
 * Runs one test command to completion as the leader of its own process group, with a hard
 * timeout that stops the whole group (SIGTERM, then SIGKILL), and output streamed to a log file.
 * Processes the command leaves behind in its group are stopped too: nothing outlives a run.
 */
import { cappedSink, MAX_TEST_LOG_BYTES } from '../output/capped-sink.js';
import { redactingSink } from '../output/redacting-sink.js';
import type { Clock, LaunchSpec, ProcessGroupControl, ProcessLauncher } from '../runner/ports.js';
import { stopProcessGroup } from '../runner/stop-process-group.js';

/** Where a run's output goes. */
export interface OutputSink {
  write(chunk: Uint8Array): void;
  close(): Promise<void>;
}

/** What executing needs from the outside world. */
export interface ExecuteDeps {
  readonly launcher: ProcessLauncher;
  readonly control: ProcessGroupControl;
  readonly clock: Clock;
  openLog(path: string): OutputSink;
}

/** One command to execute. */
export interface ExecuteSpec extends LaunchSpec {
  readonly timeoutMs: number;
  /** Grace period between SIGTERM and SIGKILL when the timeout hits. */
  readonly killGraceMs?: number;
  readonly logPath: string;
  /** The most output the log keeps (first and last halves, a marker between); `MAX_TEST_LOG_BYTES`. */
  readonly maxLogBytes?: number;
  /** A caller's deadline (the loop's time budget, an interrupt): on abort the group is stopped, as on timeout. */
  readonly signal?: AbortSignal;
  /**
   * Values replaced in the log (with token shapes): the tests print env tokens and header values, and the log is an
   * artifact.
   */
  readonly secrets?: readonly string[];
}

/** How a run ended. */
export interface TestCommandExecution {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  /** `spec.signal` aborted the run: its group was stopped. */
  readonly aborted?: boolean;
  readonly durationMs: number;
  /** The last lines of output, oldest first. */
  readonly lastLines: readonly string[];
  /** Set when the command could not be started at all. */
  readonly error?: string;
  /** On timeout its Python processes were asked for a faulthandler stack dump (in the log) first. */
  readonly stackDumped?: boolean;
}

/** How long a timed-out run's Python processes get to print their stacks. */
const DUMP_WAIT_MS = 2_000;

const TAIL_LINES = 40;

/** A line of the tail longer than this keeps its end only (output with no newline at all). */
export const MAX_TAIL_LINE_CHARS = 4_096;

/** Executes `spec`; never throws. */
export async function executeTestCommand(spec: ExecuteSpec, deps: ExecuteDeps): Promise<TestCommandExecution> {
  const { clock, control } = deps;
  const started = clock.now();
  // Redacted before the cap: the cap's cut then never leaves half a secret in the file.
  const sink = redactingSink(
    cappedSink(deps.openLog(spec.logPath), spec.maxLogBytes ?? MAX_TEST_LOG_BYTES),
    spec.secrets ?? [],
  );
  const decoder = new TextDecoder();
  let tail: string[] = [];
  let partial = '';
  const collect = (chunk: Uint8Array): void => {
    sink.write(chunk);
    const lines = (partial + decoder.decode(chunk, { stream: true })).split(/\r?\n/);
    partial = lines.pop() ?? '';
    if (partial.length > MAX_TAIL_LINE_CHARS) partial = `…${partial.slice(-MAX_TAIL_LINE_CHARS)}`;
    tail = [...tail, ...lines].slice(-TAIL_LINES);
  };
  const launched = deps.launcher.launch(
    { command: spec.command, cwd: spec.cwd, env: spec.env },
    { stdout: collect, stderr: collect },
  );

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), spec.timeoutMs);
  });
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    if (spec.signal?.aborted) onAbort();
    else spec.signal?.addEventListener('abort', onAbort, { once: true });
  });
  const first = await Promise.race([launched.exit.then(() => 'exit' as const), timeout, aborted]);
  clearTimeout(timer);
  if (onAbort) spec.signal?.removeEventListener('abort', onAbort);
  const pid = launched.pid;
  // Which test hung: Python prints every thread's stack on SIGABRT (pytest enables faulthandler).
  const stackDumped =
    first === 'timeout' && pid !== undefined && (await dumpPythonStacks(pid, control, launched.exit, clock));
  if (pid !== undefined) {
    // On timeout: the whole group. After a normal exit: whatever the command left running.
    const graceMs = first === 'exit' ? 500 : (spec.killGraceMs ?? 2_000);
    await stopProcessGroup(pid, { control, clock, graceMs });
  }
  const exit = await launched.exit;
  await Promise.race([launched.closed, clock.sleep(2_000)]);
  if (partial) tail = [...tail, partial].slice(-TAIL_LINES);
  await sink.close();
  return {
    exitCode: first === 'exit' ? exit.exitCode : null,
    signal: exit.signal,
    timedOut: first === 'timeout',
    ...(first === 'aborted' ? { aborted: true } : {}),
    durationMs: clock.now() - started,
    lastLines: tail,
    ...(exit.error ? { error: exit.error } : {}),
    ...(stackDumped ? { stackDumped } : {}),
  };
}

async function dumpPythonStacks(
  pgid: number,
  control: ProcessGroupControl,
  exited: Promise<unknown>,
  clock: Clock,
): Promise<boolean> {
  if (!control.members || !control.signalPid) return false;
  const pythons = control.members(pgid).filter((m) => /^python[\d.]*$/.test(m.exe.slice(m.exe.lastIndexOf('/') + 1)));
  if (pythons.length === 0) return false;
  for (const p of pythons) control.signalPid(p.pid, 'SIGABRT');
  await Promise.race([exited, clock.sleep(DUMP_WAIT_MS)]);
  return true;
}
