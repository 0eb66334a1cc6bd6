import { LoopError } from '../errors.js';
import { abortReason, type CommandBounds } from './build-command.js';
import { lastLines, runShellCaptured } from './run-shell.js';

/**
 * Runs the config's `app.reset` (a shell command: drop and seed a database, empty a bucket) in
 * the app's directory before a start; a failure stops the loop, because a smoke on unknown data
 * would give verdicts nobody can trust. Bounded like `app.build`: the time left, killed on abort.
 */
export async function runResetCommand(
  command: string,
  cwd: string,
  bounds: CommandBounds = { timeoutMs: 120_000 },
): Promise<void> {
  const result = await runShellCaptured(command, {
    cwd,
    timeoutMs: bounds.timeoutMs,
    ...(bounds.signal ? { signal: bounds.signal } : {}),
  });
  if (result.aborted) throw abortReason(bounds.signal, `app.reset \`${command}\` was stopped`);
  if (result.exitCode !== 0 || result.timedOut) {
    const why = result.timedOut
      ? `did not finish within ${bounds.timeoutMs} ms`
      : `exited with ${result.exitCode ?? result.signal}`;
    const tail = lastLines(result.output, 10);
    throw new LoopError('SMOKE_LOOP_RESET_FAILED', `app.reset \`${command}\` ${why}${tail ? `:\n${tail}` : ''}`);
  }
}
