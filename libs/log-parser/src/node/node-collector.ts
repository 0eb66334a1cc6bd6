import type { Collector, LogicalLine, Starter, Verdict } from '../collector.js';
import type { ParserSettings } from '../options.js';
import {
  BANNER_LOCATION,
  CARET_LINE,
  CAUSE_ELISION,
  isLocatedFrame,
  NODE_FRAME,
  NODE_HEADER_EMBEDDED,
  NODE_HEADER_LOOSE,
  NODE_HEADER_STRICT,
  NODE_VERSION_LINE,
  SERIALIZED_CAUSE,
} from './node-lines.js';
import { buildNodeTrace } from './node-structure.js';

// How far back from the first frame the header (and a multi-line message) may start.
const HEADER_LOOKBACK = 8;

class NodeCollector implements Collector {
  readonly language = 'node' as const;
  private readonly lines: LogicalLine[];
  private depth = 0;
  private state: 'frames' | 'tail' | 'done' = 'frames';

  constructor(
    header: LogicalLine[],
    first: LogicalLine,
    private readonly banner: LogicalLine[],
  ) {
    this.lines = [...header];
    this.take(first);
  }

  accept(line: LogicalLine): Verdict {
    if (this.state === 'done') return 'end';
    const text = line.text;
    if (this.depth > 0) return this.take(line);
    if (this.state === 'tail') {
      if (text.trim() === '') return 'skip';
      if (NODE_VERSION_LINE.test(text)) return ((this.state = 'done'), this.take(line));
      return 'end';
    }
    if (NODE_FRAME.test(text) || CAUSE_ELISION.test(text) || SERIALIZED_CAUSE.test(text)) return this.take(line);
    if (text.trim() === '') return ((this.state = 'tail'), 'skip');
    return 'end';
  }

  isComplete(): boolean {
    return this.depth === 0;
  }

  build(settings: ParserSettings) {
    return buildNodeTrace(this.banner, this.lines, settings);
  }

  // Tracks util.inspect's `{ … }` / `[ … ]` property blocks so their lines stay in the trace.
  private take(line: LogicalLine): Verdict {
    const trimmed = line.text.trimEnd();
    if (/[{[]$/.test(trimmed)) this.depth++;
    const closing = /^\s*[}\]]/.exec(trimmed);
    if (closing) this.depth = Math.max(0, this.depth - (trimmed.trim().match(/[}\]]/g)?.length ?? 1));
    this.lines.push(line);
    return 'take';
  }
}

/** Starts a Node trace on its first located frame, claiming the header (and banner) before it. */
export const startNode: Starter = (line, lookback) => {
  if (!isLocatedFrame(line.text)) return null;
  const recent = lookback.lines();
  const headerIndex = findHeader(recent);
  if (headerIndex < 0) return new NodeCollector([], line, []);
  const bannerStart = findBanner(recent, headerIndex);
  const claimed = lookback.claimFrom(bannerStart >= 0 ? bannerStart : headerIndex);
  const offset = bannerStart >= 0 ? headerIndex - bannerStart : 0;
  return new NodeCollector(claimed.slice(offset), line, claimed.slice(0, offset));
};

function findHeader(recent: readonly LogicalLine[]): number {
  const limit = Math.max(0, recent.length - HEADER_LOOKBACK);
  for (let i = recent.length - 1; i >= limit; i--) {
    const text = recent[i]!.text;
    if (NODE_HEADER_STRICT.test(text) || NODE_HEADER_EMBEDDED.test(text)) return i;
  }
  for (let i = recent.length - 1; i >= limit; i--) if (NODE_HEADER_LOOSE.test(recent[i]!.text)) return i;
  const previous = recent.length - 1;
  return previous >= 0 && recent[previous]!.text.trim() !== '' ? previous : -1;
}

// The uncaught-exception banner: `file:line`, the source line, a caret line, a blank line.
function findBanner(recent: readonly LogicalLine[], headerIndex: number): number {
  const at = headerIndex - 4;
  if (at < 0) return -1;
  const [location, , caret, blank] = recent.slice(at, headerIndex);
  const ok = BANNER_LOCATION.test(location!.text) && CARET_LINE.test(caret!.text) && blank!.text.trim() === '';
  return ok ? at : -1;
}
