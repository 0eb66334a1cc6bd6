import type { ParserSettings } from './options.js';
import type { StackFrame } from './types.js';

// Bounded: a log with millions of distinct frame lines stops caching, it does not grow.
const MAX_CACHED_FRAMES = 50_000;

/** Remembers how a frame line parsed, so later traces reuse it (callers copy before mutating). */
export function cacheFrame(settings: ParserSettings, line: string, frame: StackFrame | null): void {
  if (settings.frameCache.size < MAX_CACHED_FRAMES) settings.frameCache.set(line, frame);
}
