import { LoopError } from '../errors.js';
import { lastLines, runShellCaptured } from './run-shell.js';

/** How long a command may run and what stops it early. */
export interface CommandBounds {
  /** The most it may take (the loop passes what is left of its time budget). */
  readonly timeoutMs: number;
  /** The loop's budget and interrupt: on abort the command's process group is killed. */
  readonly signal?: AbortSignal;
}

/**
 * Runs the config's `app.build` (a shell command: `npm run build`, `tsc -p .`) in the app's
 * directory before a start, so the app runs what its source says now. A failure throws a
 * `LoopError` with code `SMOKE_LOOP_BUILD_FAILED` and the compiler's last lines: after a patch,
 * that candidate's rejection (`build-failed`); before the baseline, the run's end. Aborted by
 * `bounds.signal`: its process group is killed and the abort's reason is thrown (the loop is
 * ending; no candidate is blamed for it).
 */
export async function runBuildCommand(command: string, cwd: string, bounds: CommandBounds): Promise<void> {
  const result = await runShellCaptured(command, {
    cwd,
    timeoutMs: bounds.timeoutMs,
    env: { FORCE_COLOR: '0', NO_COLOR: '1' },
    ...(bounds.signal ? { signal: bounds.signal } : {}),
  });
  if (result.aborted) throw abortReason(bounds.signal, `app.build \`${command}\` was stopped`);
  if (result.exitCode !== 0 || result.timedOut) {
    const why = result.timedOut
      ? `did not finish within ${bounds.timeoutMs} ms`
      : `exited with ${result.exitCode ?? result.signal}`;
    const tail = lastLines(result.output, 15);
    throw new LoopError('SMOKE_LOOP_BUILD_FAILED', `app.build \`${command}\` ${why}${tail ? `:\n${tail}` : ''}`);
  }
}

/** The signal's reason when it is an error, else a `LoopError` saying what was stopped. */
export function abortReason(signal: AbortSignal | undefined, what: string): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error
    ? reason
    : new LoopError('SMOKE_LOOP_ABORTED', `${what}: ${String(reason ?? 'aborted')}`);
}
