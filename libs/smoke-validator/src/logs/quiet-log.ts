/**
 * A short wait for an app's log to go quiet: used after a 5xx so that the trace the app logs
 * after its response lands before the next request is sent, and belongs to its own request by
 * time. Bounded: an app that keeps logging costs at most `maxMs`.
 */
import type { LogEntry } from '../runner/app-runner.js';

/** Options of `waitForQuietLog`. */
export interface QuietLogOptions {
  /** Silence that ends the wait (ms). */
  readonly quietMs: number;
  /** The longest wait (ms). */
  readonly maxMs: number;
  /** Poll interval (default 10 ms). */
  readonly intervalMs?: number;
  /** Reads newly written lines first (a tailed log file). */
  readonly poll?: () => void;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Resolves once no new line arrived for `quietMs`, or after `maxMs`; with the time waited. */
export async function waitForQuietLog(read: () => readonly LogEntry[], options: QuietLogOptions): Promise<number> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const start = now();
  if (options.maxMs <= 0) return 0;
  let seen = -1;
  let lastChange = start;
  for (;;) {
    try {
      options.poll?.();
    } catch {
      // a log file mid-rotation: the next round reads it
    }
    const count = read().length;
    const t = now();
    if (count !== seen) [seen, lastChange] = [count, t];
    if (t - lastChange >= options.quietMs || t - start >= options.maxMs) return t - start;
    await sleep(Math.max(1, Math.min(options.intervalMs ?? 10, options.maxMs - (t - start))));
  }
}
