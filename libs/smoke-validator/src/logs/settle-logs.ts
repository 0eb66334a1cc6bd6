/**
 * The wait for a server's last log lines after the smoke's last response: at most `maxMs`, but
 * no longer than needed — once every request id sent appears in the log, nothing new has arrived
 * for `quietMs`, and `complete` (when given) agrees, the log is complete. `complete` is how the
 * caller says "every 5xx has its trace": apps often log the access line first and the traceback
 * after it, and under load (or through Docker's log stream) the gap can exceed any quiet period.
 * An app that does not log request ids gets the full `maxMs` (its traces are attributed by time,
 * so late lines matter).
 */
import type { LogEntry } from '../runner/app-runner.js';

/** Options of `settleLogs`. */
export interface SettleOptions {
  /** The longest wait (`smoke.logSettleMs`). */
  readonly maxMs: number;
  /** Silence that ends the wait once every id was seen (default: min(50, maxMs)). */
  readonly quietMs?: number;
  /** Poll interval (default 20 ms). */
  readonly intervalMs?: number;
  /** Reads newly written lines first (a tailed log file); runners capture continuously. */
  readonly poll?: () => void;
  /** Asked once the ids are seen and the log is quiet: false keeps waiting (up to `maxMs`). */
  readonly complete?: (entries: readonly LogEntry[]) => boolean;
  readonly now?: () => number;
}

/** Waits as described above; resolves with the time waited (ms). */
export async function settleLogs(
  read: () => readonly LogEntry[],
  requestIds: readonly string[],
  options: SettleOptions,
): Promise<number> {
  const now = options.now ?? Date.now;
  const start = now();
  if (options.maxMs <= 0) return 0;
  const quietMs = options.quietMs ?? Math.min(50, options.maxMs);
  const intervalMs = options.intervalMs ?? 20;
  const missing = new Set(requestIds);
  let seen = 0;
  let lastChange = start;
  let checkedAt = -1;
  for (;;) {
    try {
      options.poll?.();
    } catch {
      // a log file mid-rotation: the next round reads it
    }
    const entries = read();
    if (entries.length !== seen) {
      for (let i = Math.min(seen, entries.length); i < entries.length && missing.size > 0; i++) {
        const line = entries[i]!.line;
        for (const id of missing) if (line.includes(id)) missing.delete(id);
      }
      if (entries.length < seen)
        for (const e of entries) for (const id of missing) if (e.line.includes(id)) missing.delete(id);
      seen = entries.length;
      lastChange = now();
    }
    const t = now();
    if (t - start >= options.maxMs) break;
    if (missing.size === 0 && requestIds.length > 0 && t - lastChange >= quietMs) {
      // Asked again only when new lines arrived since the last "no".
      if (checkedAt !== seen) {
        checkedAt = seen;
        if (!options.complete || options.complete(entries)) break;
      }
    }
    await new Promise((r) => setTimeout(r, Math.min(intervalMs, options.maxMs - (t - start))));
  }
  return now() - start;
}
