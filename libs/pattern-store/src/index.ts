/**
 * @smoke-repair/pattern-store — learned fix patterns: the `PatternStore` port with memory,
 * file (embedded default) and Neo4j backends, ranking, promotion, JSON Lines export/import and
 * sync.
 */
export { createMemoryPatternStore } from './memory-store.js';
export { type FilePatternStoreOptions } from './adapters/file-store.js';
export { endpointShape, errorKindOf } from './endpoint-shape.js';
export { patternId } from './pattern-id.js';
export { silentLogger, type PatternStoreLogger } from './logger.js';
export {
  PatternStoreError,
  PatternStoreImportError,
  PatternStoreUnavailableError,
  PatternStoreAuthError,
  type PatternStoreErrorCode,
} from './errors.js';
export {
  patternStatusSchema,
  patternEventSchema,
  fixPatternSchema,
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
export { type FallbackStoreOptions } from './fallback-store.js';
export { type Neo4jPatternStoreOptions } from './adapters/neo4j-open.js';
export { parseStoreUri, defaultStoreUri, userStoreUri, PROJECT_STORE_PATH, type StoreLocation } from './store-uri.js';
export { importPatternsJsonl, exportPatternsJsonl, writePatternsJsonl } from './jsonl.js';
export {
  patternHints,
  patternHintsSchema,
  type PatternHint,
  type PatternHints,
  type PatternHintsOptions,
} from './hints.js';
export { renderPatternHintsMarkdown } from './hints-markdown.js';
