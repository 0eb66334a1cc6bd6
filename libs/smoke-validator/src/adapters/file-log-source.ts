/**
 * Server logs of an app smoke did not start: tail a log file from its current end, by byte
 * offset, stamping each complete line with the time it was read (poll every `intervalMs`).
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { LogEntry } from '../runner/app-runner.js';
import type { FileLogSource } from '../logs/log-source.js';

/** Starts tailing `path` from its current end (or from 0 when it does not exist yet). */
export function createFileLogSource(
  path: string,
  options: { intervalMs?: number; maxLines?: number } = {},
): FileLogSource {
  let offset = sizeOf(path);
  let partial = '';
  const lines: LogEntry[] = [];
  const maxLines = options.maxLines ?? 200_000;
  const poll = () => {
    const size = sizeOf(path);
    if (size < offset) offset = 0; // truncated or rotated: start over
    if (size === offset) return;
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(size - offset, 8 * 1024 * 1024));
      const read = readSync(fd, buffer, 0, buffer.length, offset);
      offset += read;
      const text = partial + buffer.subarray(0, read).toString('utf8');
      const parts = text.split(/\r?\n/);
      partial = parts.pop() ?? '';
      const timeMs = Date.now();
      for (const line of parts) lines.push({ timeMs, stream: 'stdout', line });
      if (lines.length > maxLines) lines.splice(0, lines.length - maxLines);
    } finally {
      closeSync(fd);
    }
  };
  const timer = setInterval(() => {
    try {
      poll();
    } catch {
      // The file may be mid-rotation; the next poll retries.
    }
  }, options.intervalMs ?? 50);
  timer.unref();
  return {
    path,
    poll,
    entries: (sinceMs = -Infinity, untilMs = Infinity) =>
      lines.filter((l) => l.timeMs >= sinceMs && l.timeMs <= untilMs),
    stop: () => {
      clearInterval(timer);
      try {
        poll();
        if (partial) lines.push({ timeMs: Date.now(), stream: 'stdout', line: partial });
        partial = '';
      } catch {
        // Nothing more to read.
      }
    },
  };
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
