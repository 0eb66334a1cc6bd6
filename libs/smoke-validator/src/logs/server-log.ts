/**
 * The captured log of one runner across all its runs: every line goes to the log file and to
 * an in-memory ring. Reads come from the ring; a time window older than the ring is read back
 * from the file, so attribution by time never silently loses evicted lines.
 */
import type { AppLogs, LogEntry, LogStream } from '../runner/app-runner.js';
import { createLineSplitter, type LineSplitter } from './line-splitter.js';
import { createLogRing } from './log-ring.js';
import { formatLogLine, parseLogLine } from './log-format.js';

/** Where the log lines are persisted. The file adapter is `createLogFile`. */
export interface LogFileWriter {
  readonly path: string;
  /** Appends text (already newline-terminated). */
  append(text: string): void;
  /** The whole file as written so far, or null when it cannot be read. */
  readAll(): string | null;
  close(): Promise<void>;
}

/** Options of `createServerLog`. */
export interface ServerLogOptions {
  readonly file: LogFileWriter;
  readonly ringSize: number;
  /** Capture clock (ms since the epoch); injectable for tests. */
  readonly now?: () => number;
  readonly maxLineLength?: number;
}

/** A runner's log: writers for captured output, and the `AppLogs` view for readers. */
export interface ServerLog {
  /** Records a line with its capture time (e.g. a timestamp Docker supplied). */
  record(entry: LogEntry): void;
  /** A note from the runner itself (start, stop, exit), timestamped now. */
  note(line: string): void;
  /** A splitter for a raw output stream; lines are timestamped when they complete. */
  splitter(stream: LogStream): LineSplitter;
  readonly view: AppLogs;
  close(): Promise<void>;
}

// eslint-disable-next-line no-control-regex -- the escape character is the point
const ANSI_SGR = /\u001b\[[0-9;]*m/g;

/** Creates a server log writing to `options.file`. */
export function createServerLog(options: ServerLogOptions): ServerLog {
  const now = options.now ?? Date.now;
  const ring = createLogRing(options.ringSize);

  const record = (raw: LogEntry) => {
    // Colour codes (an app run with FORCE_COLOR, as under Nx or CI) would end up in trace file paths.
    const entry = raw.line.includes('\u001b[') ? { ...raw, line: raw.line.replace(ANSI_SGR, '') } : raw;
    ring.push(entry);
    options.file.append(`${formatLogLine(entry)}\n`);
  };

  const evictedFromFile = (): LogEntry[] => {
    // The file holds every entry in order, so its first `evicted` lines are the ones the ring lost.
    const text = options.file.readAll();
    if (text === null) return [];
    const out: LogEntry[] = [];
    for (const raw of text.split('\n')) {
      if (out.length >= ring.evicted) break;
      const entry = parseLogLine(raw);
      if (entry) out.push(entry);
    }
    return out;
  };

  const entries = (sinceMs = -Infinity, untilMs = Infinity): LogEntry[] => {
    const held = ring.toArray();
    const inWindow = (e: LogEntry) => e.timeMs >= sinceMs && e.timeMs <= untilMs;
    const ringCoversWindow = ring.evicted === 0 || (held.length > 0 && (held[0] as LogEntry).timeMs < sinceMs);
    const older = ringCoversWindow ? [] : evictedFromFile().filter(inWindow);
    return [...older, ...held.filter(inWindow)];
  };

  const view: AppLogs = {
    path: options.file.path,
    entries,
    text: (sinceMs, untilMs) =>
      entries(sinceMs, untilMs)
        .map((e) => e.line)
        .join('\n'),
    tail: (count) =>
      count <= 0
        ? []
        : ring
            .toArray()
            .slice(-count)
            .map((e) => e.line),
  };

  return {
    record,
    note: (line) => record({ timeMs: now(), stream: 'runner', line }),
    splitter: (stream) => createLineSplitter((line) => record({ timeMs: now(), stream, line }), options.maxLineLength),
    view,
    close: () => options.file.close(),
  };
}
