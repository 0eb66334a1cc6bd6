/**
 * @smoke-repair/pattern-store — learned fix patterns: the `PatternStore` port with memory,
 * file (embedded default) and Neo4j backends, ranking, promotion, JSON Lines export/import and
 * sync.
 */
export { createMemoryPatternStore } from './memory-store.js';
export { openFilePatternStore, type FilePatternStoreOptions } from './adapters/file-store.js';
export { endpointShape, errorKindOf } from './endpoint-shape.js';
export { patternId, canonicalJson } from './pattern-id.js';
export { DEFAULT_MIN_SUCCESS_RATE, DEFAULT_MIN_TRIALS, compareByRank, isPromotable } from './ranking.js';
export { stderrLogger, silentLogger, type PatternStoreLogger } from './logger.js';
export {
  PatternStoreError,
  PatternStoreUriError,
  PatternStoreInputError,
  PatternStoreImportError,
  PatternStoreLockError,
  PatternStoreIoError,
  PatternStoreUnavailableError,
  PatternStoreAuthError,
  PatternStoreClosedError,
  type PatternStoreErrorCode,
} from './errors.js';
export {
  patternStatusSchema,
  attemptOutcomeSchema,
  fixPatternSpecSchema,
  attemptContextSchema,
  attemptEventSchema,
  outcomeEventSchema,
  statusEventSchema,
  patternEventSchema,
  fixPatternSchema,
  contextStatsSchema,
  patternDetailsSchema,
  patternStoreStatsSchema,
} from './schema.js';
export type {
  PatternStore,
  PatternStoreKind,
  PatternStatus,
  AttemptOutcome,
  FixPatternSpec,
  AttemptContext,
  FixPattern,
  ContextStats,
  PatternDetails,
  PatternStoreStats,
  AttemptEvent,
  OutcomeEvent,
  StatusEvent,
  PatternEvent,
  RecordAttemptInput,
  RecordOutcomeInput,
  OutcomeStatus,
  OutcomeResult,
  KnownFixQuery,
  KnownFixMatch,
  KnownFix,
  PromotionPolicy,
  PromoteOptions,
  ListPatternsFilter,
  ImportResult,
} from './types.js';
export { openPatternStore, syncPatternStores, type OpenPatternStoreOptions } from './open-store.js';
export { createFallbackStore, isBackendDown, type FallbackStoreOptions } from './fallback-store.js';
export { openNeo4jPatternStore, type Neo4jPatternStoreOptions } from './adapters/neo4j-open.js';
export { parseStoreUri, defaultStoreUri, userStoreUri, PROJECT_STORE_PATH, type StoreLocation } from './store-uri.js';
export {
  readEventsJsonl,
  importPatternsJsonl,
  exportPatternsJsonl,
  writePatternsJsonl,
  parseEventLine,
} from './jsonl.js';
export { patternStoreJsonSchemas } from './json-schema.js';
export {
  patternHints,
  patternHintSchema,
  patternHintsSchema,
  hintExampleSchema,
  hintFixSchema,
  DEFAULT_HINT_MIN_SUCCESSES,
  type PatternHint,
  type PatternHints,
  type PatternHintsOptions,
} from './hints.js';
export { renderPatternHintsMarkdown } from './hints-markdown.js';
