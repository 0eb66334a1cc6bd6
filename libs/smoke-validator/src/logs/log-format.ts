/**
 * The on-disk log format: one `<ISO-8601 time> <stream> <line>` per captured line, so the file
 * is both human-readable and parseable back into timed entries for attribution.
 */
import type { LogEntry, LogStream } from '../runner/app-runner.js';

const STREAMS: ReadonlySet<string> = new Set<LogStream>(['stdout', 'stderr', 'runner']);

/** Formats one entry as a log-file line (without the newline). */
export function formatLogLine(entry: LogEntry): string {
  return `${new Date(entry.timeMs).toISOString()} ${entry.stream} ${entry.line}`;
}

/** Parses a log-file line back into an entry; null for a line not in the format. */
export function parseLogLine(text: string): LogEntry | null {
  const firstSpace = text.indexOf(' ');
  const secondSpace = firstSpace === -1 ? -1 : text.indexOf(' ', firstSpace + 1);
  if (secondSpace === -1) return null;
  const timeMs = Date.parse(text.slice(0, firstSpace));
  const stream = text.slice(firstSpace + 1, secondSpace);
  if (Number.isNaN(timeMs) || !STREAMS.has(stream)) return null;
  return { timeMs, stream: stream as LogStream, line: text.slice(secondSpace + 1) };
}
