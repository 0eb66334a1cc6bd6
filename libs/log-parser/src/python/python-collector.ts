import type { Collector, LogicalLine, Starter, Verdict } from '../collector.js';
import type { ParserSettings } from '../options.js';
import { buildPythonTrace } from './python-structure.js';
import {
  EXCEPTION_LINE,
  FILE_LINE,
  GROUP_HEADER,
  GROUP_LINE,
  INTERLEAVED_RECORD,
  isChainMarker,
  MESSAGE_CONTINUATION,
  REPEAT_LINE,
  TRACEBACK_HEADER,
} from './python-lines.js';

// Exceptions whose message FastAPI ends with the endpoint's handler (fastapi ≥ 0.115).
const ENDPOINT_CONTEXT_ERROR =
  /^(?:fastapi\.exceptions\.)?(?:ResponseValidationError|RequestValidationError|WebSocketRequestValidationError)\b/;

type State = 'frames' | 'exception' | 'gap' | 'chain' | 'group' | 'context';

// Noise lines tolerated inside a traceback before it is given up as interrupted.
const MAX_CONSECUTIVE_SKIPS = 8;
// A bare `File "x", line N` (a SyntaxError without its header) must reach its exception soon.
const MAX_HEADERLESS_LINES = 8;

class PythonCollector implements Collector {
  readonly language = 'python' as const;
  private readonly lines: LogicalLine[] = [];
  private state: State;
  private groupIndent = 0;
  private skips = 0;
  private sawException = false;
  private exceptionText = '';

  constructor(
    first: LogicalLine,
    state: State,
    private readonly headerless: boolean,
  ) {
    this.state = state;
    if (state === 'group') this.groupIndent = GROUP_HEADER.exec(first.text)![1]!.length;
    this.lines.push(first);
  }

  accept(line: LogicalLine): Verdict {
    const verdict = this.classify(line.text);
    if (verdict === 'take') {
      this.lines.push(line);
      this.skips = 0;
    } else if (verdict === 'skip' && ++this.skips > MAX_CONSECUTIVE_SKIPS) {
      return 'end';
    }
    return verdict;
  }

  isComplete(): boolean {
    return this.sawException && this.state !== 'frames' && this.state !== 'chain';
  }

  build(settings: ParserSettings) {
    // A bare `File "…", line N` that never reached an exception was prose; a real header
    // (`Traceback (most recent call last):`) cut off before its frames is still a partial trace.
    if (this.headerless && !this.sawException && !this.lines.some((l) => FILE_LINE.test(l.text))) return null;
    return buildPythonTrace(this.lines, settings);
  }

  private classify(text: string): Verdict {
    switch (this.state) {
      case 'frames':
        return this.inFrames(text);
      case 'exception':
        if (MESSAGE_CONTINUATION.test(text) && !INTERLEAVED_RECORD.test(text) && !FILE_LINE.test(text)) return 'take';
        if (text.trim() === '') return ((this.state = 'gap'), 'take');
        return 'end';
      case 'gap':
        if (text.trim() === '') return 'take';
        if (isChainMarker(text)) return ((this.state = 'chain'), 'take');
        // FastAPI appends the endpoint to its validation errors' message: `  File "…", line N, in
        // handler` and `    GET /items/{id}`. It is the handler's frame of this trace, not a new one.
        if (ENDPOINT_CONTEXT_ERROR.test(this.exceptionText) && FILE_LINE.test(text))
          return ((this.state = 'context'), 'take');
        return 'end';
      case 'context':
        this.state = 'gap';
        return /^ {4}\S/.test(text) ? 'take' : this.classify(text);
      case 'chain':
        return this.afterChainMarker(text);
      case 'group':
        return this.inGroup(text);
    }
  }

  private inFrames(text: string): Verdict {
    if (this.headerless && this.lines.length > MAX_HEADERLESS_LINES) return 'end';
    if (text.startsWith('    ') || text.startsWith('  File "')) return 'take';
    if (REPEAT_LINE.test(text)) return 'take';
    if (INTERLEAVED_RECORD.test(text) || text.trim() === '') return 'skip';
    if (/^\s/.test(text)) return 'take';
    if (!EXCEPTION_LINE.test(text) && this.headerless) return 'end';
    this.sawException = true;
    this.exceptionText = text;
    this.state = 'exception';
    return 'take';
  }

  private afterChainMarker(text: string): Verdict {
    if (text.trim() === '') return 'take';
    if (TRACEBACK_HEADER.test(text)) return ((this.state = 'frames'), 'take');
    const group = GROUP_HEADER.exec(text);
    if (group) {
      this.groupIndent = group[1]!.length;
      this.state = 'group';
      return 'take';
    }
    if (FILE_LINE.test(text)) return ((this.state = 'frames'), 'take');
    if (EXCEPTION_LINE.test(text)) return ((this.exceptionText = text), (this.state = 'exception'), 'take');
    return 'end';
  }

  private inGroup(text: string): Verdict {
    const match = GROUP_LINE.exec(text);
    if (match && match[1]!.length >= this.groupIndent) {
      if (match[2] === '|' && EXCEPTION_LINE.test(match[3]!.slice(1))) this.sawException = true;
      return 'take';
    }
    this.state = 'gap';
    return this.classify(text);
  }
}

/** Starts a Python trace on a traceback header, a group header, or a bare `File "…", line N`. */
export const startPython: Starter = (line) => {
  const text = line.text;
  if (text.length < 10) return null;
  if (text.charCodeAt(0) === 84 /* T */ && TRACEBACK_HEADER.test(text))
    return new PythonCollector(line, 'frames', false);
  if (text.charCodeAt(0) !== 32) return null;
  if (GROUP_HEADER.test(text)) return new PythonCollector(line, 'group', false);
  if (FILE_LINE.test(text)) return new PythonCollector(line, 'frames', true);
  return null;
};
