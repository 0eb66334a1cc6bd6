import { SmokeRepairError } from '@smoke-repair/log-parser';

/** Stable codes of the errors this package throws. */
export type PatternStoreErrorCode =
  | 'SMOKE_PATTERN_STORE_INVALID_URI'
  | 'SMOKE_PATTERN_STORE_INVALID_INPUT'
  | 'SMOKE_PATTERN_STORE_INVALID_IMPORT'
  | 'SMOKE_PATTERN_STORE_LOCK_TIMEOUT'
  | 'SMOKE_PATTERN_STORE_IO'
  | 'SMOKE_PATTERN_STORE_UNAVAILABLE'
  | 'SMOKE_PATTERN_STORE_AUTH_FAILED'
  | 'SMOKE_PATTERN_STORE_CLOSED';

/** Base class of every error this package throws: a `SmokeRepairError` with one of `PatternStoreErrorCode`. */
export class PatternStoreError extends SmokeRepairError<PatternStoreErrorCode> {
  override name = 'PatternStoreError';

  constructor(
    readonly code: PatternStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A store URI that is not `memory:`, `file:PATH` or `neo4j://host:port`. */
export class PatternStoreUriError extends PatternStoreError {
  override name = 'PatternStoreUriError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('SMOKE_PATTERN_STORE_INVALID_URI', message, options);
  }
}

/** An argument of a store method that does not match its schema. */
export class PatternStoreInputError extends PatternStoreError {
  override name = 'PatternStoreInputError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('SMOKE_PATTERN_STORE_INVALID_INPUT', message, options);
  }
}

/** A JSON Lines import with a line that is not JSON or not a pattern event; `line` is 1-based. */
export class PatternStoreImportError extends PatternStoreError {
  override name = 'PatternStoreImportError';
  readonly line: number;
  constructor(line: number, message: string, options?: { cause?: unknown }) {
    super('SMOKE_PATTERN_STORE_INVALID_IMPORT', `line ${line}: ${message}`, options);
    this.line = line;
  }
}

/** The file store's lock stayed held by a live process longer than the timeout. */
export class PatternStoreLockError extends PatternStoreError {
  override name = 'PatternStoreLockError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('SMOKE_PATTERN_STORE_LOCK_TIMEOUT', message, options);
  }
}

/** Reading or writing the file store failed (permissions, disk full...). */
export class PatternStoreIoError extends PatternStoreError {
  override name = 'PatternStoreIoError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('SMOKE_PATTERN_STORE_IO', message, options);
  }
}

/** The Neo4j server cannot be reached (refused, timed out, unknown database). */
export class PatternStoreUnavailableError extends PatternStoreError {
  override name = 'PatternStoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('SMOKE_PATTERN_STORE_UNAVAILABLE', message, options);
  }
}

/** The Neo4j server refused the credentials. */
export class PatternStoreAuthError extends PatternStoreError {
  override name = 'PatternStoreAuthError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('SMOKE_PATTERN_STORE_AUTH_FAILED', message, options);
  }
}

/** A method was called after `close()`. */
export class PatternStoreClosedError extends PatternStoreError {
  override name = 'PatternStoreClosedError';
  constructor(uri: string) {
    super('SMOKE_PATTERN_STORE_CLOSED', `pattern store ${uri} is closed`);
  }
}
