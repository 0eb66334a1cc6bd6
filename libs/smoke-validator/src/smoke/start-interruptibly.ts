/**
 * Starting the app under an abort signal: an interrupt (Ctrl-C, SIGTERM, SIGHUP, SIGQUIT in the
 * CLI) during the start stops the app at once instead of waiting out its readiness timeout.
 */
import { SmokeInterruptedError } from '../errors.js';
import type { AppRunner } from '../runner/app-runner.js';

// How often a stop is retried while the start has not launched the process yet.
const RETRY_MS = 50;

/**
 * Starts `runner`; when `signal` aborts before the start is over, stops it (again until the
 * start has settled: a start that has not launched its process yet has nothing to stop) and
 * throws `SmokeInterruptedError`. An app that came up anyway is left to the caller to stop.
 */
export async function startInterruptibly(runner: AppRunner, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return runner.start();
  if (signal.aborted) throw new SmokeInterruptedError(String(signal.reason));
  let settled = false;
  const starting = runner.start();
  const over = starting.then(
    () => (settled = true),
    () => (settled = true),
  );
  const stopWhileStarting = async () => {
    while (!settled) {
      await runner.stop().catch(() => undefined);
      await Promise.race([over, new Promise((resolve) => setTimeout(resolve, RETRY_MS))]);
    }
  };
  const onAbort = () => void stopWhileStarting();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await starting;
  } catch (error) {
    if (signal.aborted) throw new SmokeInterruptedError(String(signal.reason), { cause: error });
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  if (signal.aborted) throw new SmokeInterruptedError(String(signal.reason));
}
