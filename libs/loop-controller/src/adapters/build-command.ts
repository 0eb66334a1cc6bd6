import { LoopError } from '../errors.js';
import { lastLines, runShellCaptured } from './run-shell.js';

/** The code of the error a failed `app.build` throws: the patched code does not compile. */
export const BUILD_FAILED = 'SMOKE_LOOP_BUILD_FAILED';

/**
 * Runs the config's `app.build` (a shell command: `npm run build`, `tsc -p .`) in the app's
 * directory before a start, so the app runs what its source says now. A failure throws a
 * `LoopError` with code `SMOKE_LOOP_BUILD_FAILED` and the compiler's last lines: after a patch,
 * that candidate's rejection (`build-failed`); before the baseline, the run's end. `timeoutMs`:
 * the loop's time budget, the most one build may take.
 */
export async function runBuildCommand(command: string, cwd: string, timeoutMs: number): Promise<void> {
  const result = await runShellCaptured(command, { cwd, timeoutMs, env: { FORCE_COLOR: '0', NO_COLOR: '1' } });
  if (result.exitCode !== 0 || result.timedOut) {
    const why = result.timedOut ? `did not finish within ${timeoutMs} ms` : `exited with ${result.exitCode ?? result.signal}`;
    const tail = lastLines(result.output, 15);
    throw new LoopError(BUILD_FAILED, `app.build \`${command}\` ${why}${tail ? `:\n${tail}` : ''}`);
  }
}

