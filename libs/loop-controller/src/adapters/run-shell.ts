import { execa } from 'execa';
import { captureStream, MAX_CAPTURED_OUTPUT_BYTES } from '@smoke-repair/smoke-validator';

/** How a shell command ended and what it printed (stdout and stderr interleaved, capped). */
export interface ShellOutcome {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  /** `signal` aborted it (the loop's time budget, an interrupt): its process group was killed. */
  readonly aborted: boolean;
  /** At most `MAX_CAPTURED_OUTPUT_BYTES`: head and tail with a `[… N bytes truncated]` line between. */
  readonly output: string;
}

/** Options of `runShellCaptured`. */
export interface ShellOptions {
  readonly cwd: string;
  readonly timeoutMs: number;
  readonly env?: Readonly<Record<string, string>>;
  /** On abort the command's whole process group is killed, as on timeout. */
  readonly signal?: AbortSignal;
  /** Between SIGTERM and SIGKILL of the group. */
  readonly killGraceMs?: number;
}

/**
 * Runs a user's shell command (`app.build`, `app.reset`) in `cwd` with a timeout, as the leader
 * of its own process group: on timeout or abort the group — the shell and whatever it started
 * (`tsc; sleep`) — gets SIGTERM, then SIGKILL, and what it left in the background is killed when
 * it exits (a child holding the output pipe would otherwise keep the wait going). Its output is
 * captured here rather than by execa, whose buffer limit kills a command that prints more: a
 * chatty build is never failed for its output's size. Never rejects for the command's failure.
 */
export async function runShellCaptured(command: string, options: ShellOptions): Promise<ShellOutcome> {
  const subprocess = execa(command, {
    shell: true,
    cwd: options.cwd,
    reject: false,
    all: true,
    buffer: false,
    detached: true,
    cleanup: true,
    ...(options.env ? { env: options.env } : {}),
  });
  const output = captureStream(subprocess.all, MAX_CAPTURED_OUTPUT_BYTES);
  const pid = subprocess.pid;
  const killGroup = (signal: NodeJS.Signals): void => {
    try {
      if (pid !== undefined) process.kill(-pid, signal);
    } catch {
      // the group is gone already
    }
  };
  let timedOut = false;
  let aborted = false;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = (): void => {
    killGroup('SIGTERM');
    killTimer ??= setTimeout(() => killGroup('SIGKILL'), options.killGraceMs ?? 2_000);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, options.timeoutMs);
  const onAbort = (): void => {
    aborted = true;
    stop();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  try {
    // The leader's exit, not the pipes closing: then the rest of its group goes.
    await new Promise<void>((resolve) => {
      subprocess.once('exit', () => resolve());
      subprocess.once('error', () => resolve());
    });
    killGroup('SIGKILL');
    const result = await subprocess;
    return {
      exitCode: timedOut || aborted ? null : (result.exitCode ?? null),
      signal: result.signal ?? null,
      timedOut,
      aborted,
      output: output.text(),
    };
  } finally {
    clearTimeout(timer);
    clearTimeout(killTimer);
    options.signal?.removeEventListener('abort', onAbort);
    killGroup('SIGKILL');
  }
}

/** The time a command may take: what is left before `deadline` (epoch ms), at least 1 ms; `fallbackMs` without one. */
export function remainingMs(deadline: number | undefined, fallbackMs: number): number {
  return deadline === undefined ? fallbackMs : Math.max(1, deadline - Date.now());
}

/**
 * The last `count` non-blank lines of an output, for an error message; a line longer than 500
 * characters (minified code, a progress bar) is cut and says how long it was.
 */
export function lastLines(output: string, count: number): string {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-count)
    .map((line) => (line.length > 500 ? `${line.slice(0, 500)}… (${line.length} characters)` : line))
    .join('\n');
}
