import { execa } from 'execa';
import { captureStream, MAX_CAPTURED_OUTPUT_BYTES } from '@smoke-repair/smoke-validator';

/** How a shell command ended and what it printed (stdout and stderr interleaved, capped). */
export interface ShellOutcome {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  /** At most `MAX_CAPTURED_OUTPUT_BYTES`: head and tail with a `[… N bytes truncated]` line between. */
  readonly output: string;
}

/**
 * Runs a user's shell command (`app.build`, `app.reset`) in `cwd` with a timeout. Its output is
 * captured here rather than by execa, whose buffer limit kills a command that prints more: a
 * chatty build is never failed for its output's size. Never rejects for the command's failure.
 */
export async function runShellCaptured(command: string, options: { readonly cwd: string; readonly timeoutMs: number; readonly env?: Readonly<Record<string, string>> }): Promise<ShellOutcome> {
  const subprocess = execa(command, { shell: true, cwd: options.cwd, reject: false, timeout: options.timeoutMs, all: true, buffer: false, ...(options.env ? { env: options.env } : {}) });
  const output = captureStream(subprocess.all, MAX_CAPTURED_OUTPUT_BYTES);
  const result = await subprocess;
  return { exitCode: result.exitCode ?? null, signal: result.signal ?? null, timedOut: result.timedOut, output: output.text() };
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
