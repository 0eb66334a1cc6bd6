import type { Collector, LogicalLine, Starter, Verdict } from '../collector.js';
import type { ParserSettings } from '../options.js';
import { JAVA_CAUSED_BY, JAVA_FRAME, JAVA_HEADER, JAVA_MORE, JAVA_SUPPRESSED } from './java-lines.js';
import { buildJavaTrace } from './java-structure.js';

// A `Caused by:` header may carry a multi-line message before its frames.
const MAX_MESSAGE_LINES = 6;
const HEADER_LOOKBACK = 6;

class JavaCollector implements Collector {
  readonly language = 'java' as const;
  private readonly lines: LogicalLine[];
  private pendingMessage = 0;

  constructor(header: LogicalLine[], first: LogicalLine) {
    this.lines = [...header, first];
  }

  accept(line: LogicalLine): Verdict {
    const text = line.text;
    if (JAVA_FRAME.test(text) || JAVA_MORE.test(text)) {
      this.pendingMessage = 0;
      return this.take(line);
    }
    if (JAVA_CAUSED_BY.test(text) || JAVA_SUPPRESSED.test(text)) {
      this.pendingMessage = 1;
      return this.take(line);
    }
    if (this.pendingMessage > 0 && this.pendingMessage < MAX_MESSAGE_LINES && text.trim() !== '') {
      this.pendingMessage++;
      return this.take(line);
    }
    return 'end';
  }

  isComplete(): boolean {
    return this.pendingMessage === 0;
  }

  build(settings: ParserSettings) {
    return buildJavaTrace(this.lines, settings);
  }

  private take(line: LogicalLine): Verdict {
    this.lines.push(line);
    return 'take';
  }
}

/** Starts a Java trace on its first `at …(File.java:N)` frame, claiming the header before it. */
export const startJava: Starter = (line, lookback) => {
  const text = line.text;
  if (text.indexOf('at ') < 0 || !JAVA_FRAME.test(text)) return null;
  const recent = lookback.lines();
  const limit = Math.max(0, recent.length - HEADER_LOOKBACK);
  for (let i = recent.length - 1; i >= limit; i--) {
    if (JAVA_HEADER.test(recent[i]!.text.trim())) return new JavaCollector(lookback.claimFrom(i), line);
  }
  return new JavaCollector([], line);
};
