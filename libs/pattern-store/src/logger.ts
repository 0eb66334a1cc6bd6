/** Where stores report what they tolerate: skipped corrupt lines, a fallback, a stale lock. */
export interface PatternStoreLogger {
  warn(message: string): void;
  info?(message: string): void;
}

/** The default logger: warnings to stderr, prefixed with the package name, URI passwords hidden. */
export const stderrLogger: PatternStoreLogger = {
  warn: (message) => process.stderr.write(`smoke-repair/pattern-store: warning: ${hideUriPasswords(message)}\n`),
};

/** `neo4j://user:pass@host` → `neo4j://user:[REDACTED]@host`, wherever a URI appears in a message. */
function hideUriPasswords(message: string): string {
  return message.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^/:@\s]+):[^/@\s]+@/gi, '$1:[REDACTED]@');
}

/** A logger that drops everything (tests, or callers that inspect results instead). */
export const silentLogger: PatternStoreLogger = { warn: () => undefined };
