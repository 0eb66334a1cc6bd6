/**
 * A fixed-capacity ring of structured log entries: the recent history, kept in memory so the
 * smoke code can slice it by time without touching the disk.
 */
import type { LogEntry } from '../runner/app-runner.js';

/** Bounded in-memory log history. */
export interface LogRing {
  push(entry: LogEntry): void;
  /** Every entry still held, oldest first. */
  toArray(): LogEntry[];
  /** How many entries were ever pushed (held or evicted). */
  readonly total: number;
  /** How many entries were evicted to make room. */
  readonly evicted: number;
  readonly capacity: number;
}

/** Creates an empty ring holding at most `capacity` entries. */
export function createLogRing(capacity: number): LogRing {
  if (!Number.isInteger(capacity) || capacity < 1)
    throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
  const slots: (LogEntry | undefined)[] = new Array<LogEntry | undefined>(capacity);
  let total = 0;
  return {
    capacity,
    get total() {
      return total;
    },
    get evicted() {
      return Math.max(0, total - capacity);
    },
    push(entry) {
      slots[total % capacity] = entry;
      total += 1;
    },
    toArray() {
      const held = Math.min(total, capacity);
      const out: LogEntry[] = [];
      for (let i = total - held; i < total; i += 1) out.push(slots[i % capacity] as LogEntry);
      return out;
    },
  };
}
