import { resolve } from 'node:path';
import { stderrLogger, type PatternStoreLogger } from '../logger.js';
import { StateBackedStore } from '../state-store.js';
import type { PatternStore } from '../types.js';
import { FileJournal } from './event-log-file.js';

/** Options of `openFilePatternStore`. */
export interface FilePatternStoreOptions {
  logger?: PatternStoreLogger;
  /** How long a write waits for another process's lock. Default 10 s. */
  lockTimeoutMs?: number;
}

/**
 * Opens (creating on first write) the embedded file store at `path`: a JSON Lines event log,
 * crash-safe (append + fsync), shared safely by concurrent processes (a lock file beside it),
 * read back exactly as written. Corrupt lines are skipped with a warning.
 */
export async function openFilePatternStore(path: string, options: FilePatternStoreOptions = {}): Promise<PatternStore> {
  const absolute = resolve(path);
  const journal = new FileJournal(absolute, {
    logger: options.logger ?? stderrLogger,
    lockTimeoutMs: options.lockTimeoutMs,
  });
  return new StateBackedStore('file', `file:${absolute}`, journal).init();
}
