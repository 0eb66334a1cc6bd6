/** The port smoke reads an app's server log through: a tailed file, a piped stream, a fake. */
import type { LogEntry } from '../runner/app-runner.js';

/** Timestamped lines of a log file, captured while the smoke runs. */
export interface FileLogSource {
  readonly path: string;
  entries(sinceMs?: number, untilMs?: number): readonly LogEntry[];
  /** Reads whatever was appended since the last poll. */
  poll(): void;
  /** Stops polling (a final poll first). */
  stop(): void;
}
