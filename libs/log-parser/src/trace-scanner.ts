import type { Collector, LogicalLine, Lookback, Starter } from './collector.js';
import { finalizeTrace } from './finalize.js';
import { startGo } from './go/go-collector.js';
import { startJava } from './java/java-collector.js';
import { readJsonRecord } from './json-record.js';
import { stripLinePrefix } from './line-prefix.js';
import { startNode } from './node/node-collector.js';
import type { ParserSettings } from './options.js';
import { startPython } from './python/python-collector.js';
import type { StackTrace } from './types.js';

// eslint-disable-next-line no-control-regex -- the escape character is the point
const ANSI_SGR = /\u001b\[[0-9;]*m/g;

// Order matters only where shapes could overlap: Python's and Go's starts are exact headers;
// Node frames need `file:line:col`, Java frames `(File.java:N)`.
const STARTERS: readonly Starter[] = [startPython, startGo, startNode, startJava];
const LOOKBACK_SIZE = 16;
// A single trace may not hold more than this many characters (memory bound on garbage input).
const MAX_TRACE_CHARS = 8 * 1024 * 1024;

// Cheap test that rules out most log lines before any starter's regex runs: every trace starts
// on an indented line (frames), `Traceback…`, or a line mentioning panic / fatal error.
function mayStartTrace(text: string): boolean {
  const c0 = text.charCodeAt(0);
  if (c0 === 32 || c0 === 9) return true;
  if (c0 === 84 /* T */) return text.startsWith('Traceback');
  return text.includes('panic') || text.startsWith('fatal error');
}

/**
 * Feeds lines, one at a time, through the language collectors and emits each finished trace.
 * Holds at most one trace and a few lines of lookback: memory is bounded by the largest trace.
 */
export class TraceScanner {
  private active: Collector | null = null;
  private activeLines = 0;
  private activeChars = 0;
  private readonly recent: LogicalLine[] = [];
  private readonly lookback: Lookback = {
    lines: () => this.recent,
    claimFrom: (index) => this.recent.splice(index),
  };

  constructor(
    private readonly settings: ParserSettings,
    private readonly emit: (trace: StackTrace) => void,
  ) {}

  /** One raw input line (without its newline), 1-based line number. */
  pushLine(raw: string, lineNo: number): void {
    // Colour codes (Nest's logger and Node's inspect colour even when piped) would end up in paths.
    const text = stripLinePrefix(raw.includes('\u001b[') ? raw.replace(ANSI_SGR, '') : raw);
    if (text.charCodeAt(0) === 123 /* { */) {
      const record = readJsonRecord(text);
      if (record.kind === 'line') return this.dispatch({ text: stripLinePrefix(record.text), lineNo });
      if (record.kind === 'stacks') return this.readStacks(record.stacks, lineNo);
    }
    this.dispatch({ text, lineNo });
  }

  /** Closes the trace in progress (reported as partial when it was cut off). */
  end(): void {
    this.finish(false);
  }

  private dispatch(line: LogicalLine): void {
    if (this.active) {
      const verdict = this.active.accept(line);
      if (verdict === 'take') {
        this.activeLines++;
        this.activeChars += line.text.length;
        if (this.activeLines > this.settings.maxTraceLines || this.activeChars > MAX_TRACE_CHARS) this.finish(true);
        return;
      }
      if (verdict === 'skip') return;
      this.finish(false);
    }
    if (!mayStartTrace(line.text)) {
      this.remember(line);
      return;
    }
    for (const start of STARTERS) {
      const collector = start(line, this.lookback);
      if (collector) {
        this.active = collector;
        this.activeLines = 1;
        this.activeChars = line.text.length;
        this.recent.length = 0;
        return;
      }
    }
    this.remember(line);
  }

  private remember(line: LogicalLine): void {
    this.recent.push(line);
    if (this.recent.length > LOOKBACK_SIZE) this.recent.shift();
  }

  // A JSON record's stack is a whole text of its own: parse it apart, all on the record's line.
  private readStacks(stacks: readonly string[], lineNo: number): void {
    this.finish(false);
    for (const stack of stacks) {
      const inner = new TraceScanner(this.settings, this.emit);
      for (const text of stack.split(/\r?\n/)) inner.dispatch({ text, lineNo });
      inner.end();
    }
  }

  private finish(cutOff: boolean): void {
    const collector = this.active;
    if (!collector) return;
    this.active = null;
    const raw = collector.build(this.settings);
    if (raw) this.emit(finalizeTrace(raw, cutOff || !collector.isComplete(), this.settings));
  }
}
