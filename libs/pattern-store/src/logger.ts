/** Where stores report what they tolerate: skipped corrupt lines, a fallback, a stale lock. */
export interface PatternStoreLogger {
  warn(message: string): void;
  info?(message: string): void;
}

/** The default logger: warnings to stderr, prefixed with the package name. */
export const stderrLogger: PatternStoreLogger = {
  warn: (message) => process.stderr.write(`smoke-repair/pattern-store: warning: ${message}\n`),
};

/** A logger that drops everything (tests, or callers that inspect results instead). */
export const silentLogger: PatternStoreLogger = { warn: () => undefined };
