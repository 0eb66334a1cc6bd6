import { z } from 'zod';
import { createFrameCache, type FrameCache } from './frame-cache.js';
import { compileInAppRules, type CompiledInAppRule } from './in-app-rules.js';
import { SmokeRepairError } from './smoke-repair-error.js';

const JAVA_SOURCE = /\.(java|kt|scala|groovy)$/;

/**
 * A rule in the style of Sentry's stack trace rules: `"path:**\/vendor/** -app"`,
 * `"module:com.acme.* +app"`, `"function:log_* -app"`. Later rules win.
 */
const inAppRuleSchema = z.string().regex(/^\s*(path|module|function|package):\S+\s+[+-]app\s*$/, {
  message: 'expected "<path|module|function|package>:<glob> +app" or "... -app"',
});

/** Options of `parseLogs` and the streaming forms. */
const parseLogsOptionsSchema = z.object({
  /** The application's root directory as the logging process saw it: frames under it are in-app. */
  appRoot: z.string().min(1).optional(),
  /** Extra in-app rules, applied after the defaults (later rules win). */
  inApp: z.array(inAppRuleSchema).optional(),
  /**
   * Source files under appRoot (relative paths), used to resolve Java frames by package path.
   * The parser never reads the filesystem: without this list a Java frame is in-app when its
   * class is not library code, and its file stays the package path (`com/acme/Cart.java`).
   */
  sourceFiles: z.array(z.string()).optional(),
  /**
   * Where a position in compiled code came from (a source map, read by the caller: the parser
   * never reads the filesystem). Called once per distinct Node frame; a frame it maps is reported
   * at the original file, line and column, and is in-app, culprit and signature by that position.
   */
  originalPosition: z
    .custom<OriginalPosition>((value) => typeof value === 'function', { message: 'expected a function' })
    .optional(),
  /** Lines longer than this are cut for analysis (bounded memory on 10 MB lines). */
  maxLineLength: z
    .number()
    .int()
    .min(256)
    .default(64 * 1024),
  /** A trace longer than this many lines is closed and reported as partial. */
  maxTraceLines: z.number().int().min(16).default(20_000),
});

/** A position in a file (1-based line and column, as Node prints them). */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** The original position of a position in compiled code, or null when nothing maps it. */
export type OriginalPosition = (position: SourcePosition) => SourcePosition | null;

/** Options of `parseLogs` as callers write them. */
export type ParseLogsOptions = z.input<typeof parseLogsOptionsSchema>;

/** Options normalised once at the entry and passed inward frozen. */
export interface ParserSettings {
  readonly appRoot: string | undefined;
  readonly rules: readonly CompiledInAppRule[];
  /**
   * Finds `com/acme/Cart.java` under appRoot in the caller's `sourceFiles`; undefined when it is
   * not there. Null when no list was handed in (nothing to resolve against).
   */
  readonly resolveJavaSource: ((packagePath: string) => string | undefined) | null;
  readonly originalPosition: OriginalPosition | null;
  readonly maxLineLength: number;
  readonly maxTraceLines: number;
  /** In-app verdicts per distinct frame, filled as the parse goes (mutable by design). */
  readonly inAppCache: Map<string, boolean>;
  /** Parsed frames per distinct frame line, filled as the parse goes (mutable by design). */
  readonly frameCache: FrameCache;
}

/** Validates and freezes options; throws `LogParserOptionsError` with a readable message. */
export function normalizeOptions(options: ParseLogsOptions = {}): ParserSettings {
  const parsed = parseLogsOptionsSchema.safeParse(options);
  if (!parsed.success) throw new LogParserOptionsError(z.prettifyError(parsed.error), parsed.error);
  const { appRoot, inApp, sourceFiles, originalPosition, maxLineLength, maxTraceLines } = parsed.data;
  const root = appRoot ? trimTrailingSlash(appRoot) : undefined;
  return Object.freeze({
    appRoot: root,
    rules: compileInAppRules(inApp ?? []),
    resolveJavaSource: javaSourceResolver(root, sourceFiles),
    originalPosition: originalPosition ?? null,
    maxLineLength,
    maxTraceLines,
    inAppCache: new Map(),
    frameCache: createFrameCache(),
  });
}

/** The codes of the errors log-parser throws. */
export type LogParserErrorCode = 'SMOKE_LOG_PARSER_OPTIONS';

/** Thrown for invalid parser options (a usage error, not a parse failure). */
export class LogParserOptionsError extends SmokeRepairError<LogParserErrorCode> {
  readonly code = 'SMOKE_LOG_PARSER_OPTIONS';
  constructor(message: string, cause?: unknown) {
    super(`Invalid log-parser options:\n${message}`, { cause });
  }
}

function trimTrailingSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

// The index is built once, on the first Java frame, from the list the caller handed in.
function javaSourceResolver(root: string | undefined, files: readonly string[] | undefined) {
  if (!root || !files) return null;
  let index: Map<string, string> | undefined;
  return (packagePath: string): string | undefined => {
    index ??= indexJavaSources(root, files);
    return index.get(packagePath);
  };
}

// Maps "com/acme/shop/Cart.java" (package path + file) to its path under appRoot. When two
// source trees hold the same package path, the shorter (less nested) one wins, deterministically.
function indexJavaSources(root: string, files: readonly string[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const rel of [...files].sort((a, b) => a.length - b.length || a.localeCompare(b))) {
    if (!JAVA_SOURCE.test(rel)) continue;
    const parts = rel.split('/');
    for (let i = 0; i < parts.length; i++) {
      const suffix = parts.slice(i).join('/');
      if (!index.has(suffix)) index.set(suffix, `${root}/${rel}`);
    }
  }
  return index;
}
