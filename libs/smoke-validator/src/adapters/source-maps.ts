/**
 * Frames in compiled output (`tsc` to dist/, a bundler's build/) mapped back to the source they
 * came from, by the source maps the build wrote, so culprits and signatures name `src/x.ts:17`
 * even when the app runs without `--enable-source-maps`. The mapping is pure (`originalPositionIn`,
 * `sourceMappingUrlOf`); `createSourceMapResolver` reads the compiled files and their maps once
 * each, and is handed to log-parser as `originalPosition`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LEAST_UPPER_BOUND, originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { OriginalPosition, SourcePosition } from '@smoke-repair/log-parser';

const COMPILED = /\.(?:js|mjs|cjs)$/;
// The last `//# sourceMappingURL=…` (or the old `//@`) comment of a file.
const MAPPING_URL = /\/\/[#@]\s*sourceMappingURL=(\S+)\s*$/;

/** The `sourceMappingURL` a compiled file names (its last such comment), or null. */
export function sourceMappingUrlOf(code: string): string | null {
  const tail = code.slice(Math.max(0, code.lastIndexOf('sourceMappingURL=') - 4));
  return MAPPING_URL.exec(tail.trimEnd())?.[1] ?? null;
}

/** The JSON text of an inline `data:` source map URL, or null when the URL is not one. */
export function inlineSourceMap(url: string): string | null {
  const match = /^data:application\/json[^,]*?(;base64)?,(.*)$/.exec(url);
  if (!match) return null;
  return match[1] ? Buffer.from(match[2]!, 'base64').toString('utf8') : decodeURIComponent(match[2]!);
}

/**
 * Where a position of compiled code came from, by its map (`mapFile`: the map's own path, which
 * its `sources` are relative to). Line and column are 1-based, as Node prints them; column 0
 * means "the line" (the first mapping on it). Null when the map says nothing of that position.
 */
export function originalPositionIn(map: TraceMap, position: Omit<SourcePosition, 'file'>): SourcePosition | null {
  const exact =
    position.column > 0 ? originalPositionFor(map, { line: position.line, column: position.column - 1 }) : null;
  const found = exact?.source
    ? exact
    : originalPositionFor(map, {
        line: position.line,
        column: Math.max(0, position.column - 1),
        bias: LEAST_UPPER_BOUND,
      });
  if (!found.source || found.line === null) return null;
  const file = found.source.startsWith('file://') ? fileURLToPath(found.source) : found.source;
  return isAbsolute(file) ? { file, line: found.line, column: found.column + 1 } : null;
}

/** What the resolver reads (the real filesystem by default). */
export interface SourceMapFiles {
  read(path: string): string | null;
  exists(path: string): boolean;
}

const diskFiles: SourceMapFiles = {
  read: (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
  exists: existsSync,
};

/**
 * log-parser's `originalPosition` for an app under `appRoot`: a frame in a `.js/.mjs/.cjs` file of
 * the app (not node_modules) whose source map names an original file that exists is reported at
 * that file. Each compiled file and map is read once per resolver (one smoke run).
 */
export function createSourceMapResolver(appRoot: string, files: SourceMapFiles = diskFiles): OriginalPosition {
  const root = resolve(appRoot);
  const maps = new Map<string, TraceMap | null>();

  const mapOf = (file: string): TraceMap | null => {
    if (maps.has(file)) return maps.get(file)!;
    let map: TraceMap | null = null;
    try {
      const code = files.read(file);
      const url = code === null ? null : sourceMappingUrlOf(code);
      if (url !== null) {
        const inline = inlineSourceMap(url);
        const mapFile = inline === null ? resolve(dirname(file), decodeURIComponent(url)) : file;
        const text = inline ?? files.read(mapFile);
        if (text !== null) map = new TraceMap(text, mapFile);
      }
    } catch {
      // A map that does not parse maps nothing: the frame stays where the runtime put it.
    }
    maps.set(file, map);
    return map;
  };

  return (position) => {
    if (!isAbsolute(position.file)) return null;
    const file = resolve(position.file);
    if (!COMPILED.test(file) || !file.startsWith(root + sep) || file.includes(`${sep}node_modules${sep}`)) return null;
    const map = mapOf(file);
    const original = map ? originalPositionIn(map, position) : null;
    return original && original.file !== file && files.exists(original.file) ? original : null;
  };
}
