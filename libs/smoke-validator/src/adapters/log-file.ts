/**
 * The file side of a server log. Writes are synchronous appends: log volume from a smoke run is
 * small, and a synchronous write means the file is complete the moment a caller reads
 * `serverLogPath` (no stream buffer to flush first).
 */
import { appendFileSync, closeSync, fchmodSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { redactText } from '../http/redact.js';
import type { LogFileWriter } from '../logs/server-log.js';

/**
 * Creates (truncating) the log file at `path`, creating its directory if needed. `close` releases
 * the descriptor; a later `append` reopens it. Every append goes through `redactText` with
 * `secrets`: the file is an artifact, and an app echoes headers and tokens into its log.
 */
export function createLogFile(path: string, secrets: readonly string[] = []): LogFileWriter {
  mkdirSync(dirname(path), { recursive: true });
  // The app's log may hold tokens it printed: readable by this user only, whatever the umask.
  let fd: number | null = openSync(path, 'w', 0o600);
  fchmodSync(fd, 0o600);
  return {
    path,
    append(text) {
      // Reopened on demand: a stopped runner closes its file, and a restart keeps appending.
      fd ??= openSync(path, 'a', 0o600);
      appendFileSync(fd, redactText(text, secrets));
    },
    readAll() {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return null;
      }
    },
    async close() {
      if (fd === null) return;
      closeSync(fd);
      fd = null;
    },
  };
}
