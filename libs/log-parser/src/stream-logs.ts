import { normalizeOptions, type ParseLogsOptions } from './options.js';
import { TraceScanner } from './trace-scanner.js';
import type { StackTrace } from './types.js';

/** Anything that yields chunks of a log: a Node Readable, a web stream, a (async) generator, an array. */
export type LogChunkSource = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/**
 * Streams the traces of a log as they complete. Gives the same traces as `parseLogs` on the
 * whole text, holding only the trace in progress and the current line (cut at maxLineLength):
 * memory is bounded by the largest trace, not by the input. Invalid UTF-8 becomes U+FFFD.
 */
export async function* streamStackTraces(
  source: LogChunkSource,
  options: ParseLogsOptions = {},
): AsyncGenerator<StackTrace> {
  const settings = normalizeOptions(options);
  const ready: StackTrace[] = [];
  const scanner = new TraceScanner(settings, (trace) => ready.push(trace));
  const splitter = new LineSplitter(settings.maxLineLength, (line, lineNo) => scanner.pushLine(line, lineNo));
  const decoder = new TextDecoder('utf-8', { fatal: false });
  for await (const chunk of source) {
    splitter.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (ready.length > 0) yield* ready.splice(0);
  }
  splitter.push(decoder.decode());
  splitter.end();
  scanner.end();
  yield* ready.splice(0);
}

/** Collects `streamStackTraces` into an array. */
export async function parseLogStream(source: LogChunkSource, options: ParseLogsOptions = {}): Promise<StackTrace[]> {
  const traces: StackTrace[] = [];
  for await (const trace of streamStackTraces(source, options)) traces.push(trace);
  return traces;
}

// Splits text arriving in arbitrary chunks into lines; a line longer than `max` keeps its
// first `max` characters and the rest is dropped as it arrives, so a 10 MB line costs `max`.
class LineSplitter {
  private carry = '';
  private overflow = false;
  private lineNo = 0;

  constructor(
    private readonly max: number,
    private readonly onLine: (line: string, lineNo: number) => void,
  ) {}

  push(text: string): void {
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      if (end < 0) break;
      this.append(text, start, end);
      this.flush();
      start = end + 1;
    }
    this.append(text, start, text.length);
  }

  end(): void {
    if (this.carry.length > 0 || this.overflow) this.flush();
  }

  private append(text: string, start: number, end: number): void {
    if (this.overflow || start >= end) return;
    const room = this.max + 1 - this.carry.length;
    if (end - start > room) {
      this.carry += text.slice(start, start + room);
      this.overflow = true;
    } else this.carry += text.slice(start, end);
  }

  private flush(): void {
    let line = this.carry;
    if (line.charCodeAt(line.length - 1) === 13 && !this.overflow) line = line.slice(0, -1);
    this.onLine(line.length > this.max ? line.slice(0, this.max) : line, ++this.lineNo);
    this.carry = '';
    this.overflow = false;
  }
}
