import type { ParserSettings } from './options.js';
import { LineCache } from './line-cache.js';
import type { Language, StackFrame } from './types.js';

// Bounded: a log with millions of distinct frame lines stops caching, it does not grow.
const MAX_CACHED_FRAMES = 50_000;

/** Parsed frames per distinct frame line (null: the line is no frame), one map per runtime. */
export type FrameCache = Readonly<Record<Language, LineCache<StackFrame | null>>>;

/** An empty cache, one per parse (verdicts depend on the parse's appRoot and rules). */
export function createFrameCache(): FrameCache {
  const cache = () => new LineCache<StackFrame | null>(MAX_CACHED_FRAMES);
  return { python: cache(), node: cache(), java: cache(), go: cache() };
}

/**
 * The frame `line` parses to, parsed and classified once per distinct line: the same frame
 * lines recur in every trace of a log. Each call gets its own copy.
 */
export function cachedFrame(
  settings: ParserSettings,
  language: Language,
  line: string,
  parse: (line: string, settings: ParserSettings) => StackFrame | null,
): StackFrame | null {
  const frame = sharedFrame(settings, language, line, parse);
  return frame && { ...frame };
}

/** Like `cachedFrame`, but the cached instance itself: callers copy it before it leaves the parser. */
export function sharedFrame(
  settings: ParserSettings,
  language: Language,
  line: string,
  parse: (line: string, settings: ParserSettings) => StackFrame | null,
): StackFrame | null {
  const cache = settings.frameCache[language];
  let frame = cache.get(line);
  if (frame === undefined) rememberFrame(cache, line, (frame = parse(line, settings)));
  return frame;
}

/** Caches a parsed frame unless the cache is full. */
export function rememberFrame(cache: LineCache<StackFrame | null>, key: string, frame: StackFrame | null): void {
  // A copy of the key: the line itself is a slice that would keep its whole input chunk alive.
  cache.set(JSON.parse(JSON.stringify(key)) as string, frame);
}
