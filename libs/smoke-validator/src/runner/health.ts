/**
 * One health probe as a value: the smoke code asks "is it up?" many times and must never
 * have to catch an exception for the expected answer "no".
 */
import type { HealthResult } from './app-runner.js';
import type { Clock, HttpProbe } from './ports.js';
import { describeError, isUpStatus } from './readiness.js';

/** GETs `url` once; ok when the app answered below 500. Never throws. */
export async function probeHealth(
  http: HttpProbe,
  clock: Clock,
  url: string,
  timeoutMs: number,
): Promise<HealthResult> {
  const started = clock.now();
  try {
    const reply = await http.get(url, timeoutMs);
    const durationMs = clock.now() - started;
    return isUpStatus(reply.status)
      ? { ok: true, status: reply.status, durationMs }
      : { ok: false, status: reply.status, error: `HTTP ${reply.status}`, durationMs };
  } catch (error) {
    return { ok: false, error: describeError(error), durationMs: clock.now() - started };
  }
}

/** The health result of a runner that is not running. */
export function notRunning(state: string): HealthResult {
  return { ok: false, error: `not running (${state})`, durationMs: 0 };
}
