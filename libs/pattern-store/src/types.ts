import type { ErrorSignature } from '@smoke-repair/log-parser';
import type { z } from 'zod';
import type {
  attemptContextSchema,
  attemptEventSchema,
  attemptOutcomeSchema,
  contextStatsSchema,
  fixPatternSchema,
  fixPatternSpecSchema,
  outcomeEventSchema,
  patternDetailsSchema,
  patternEventSchema,
  patternStatusSchema,
  patternStoreStatsSchema,
  statusEventSchema,
} from './schema.js';

/** candidate | promoted | retired. */
export type PatternStatus = z.infer<typeof patternStatusSchema>;
/** fixed | not_fixed | regressed. */
export type AttemptOutcome = z.infer<typeof attemptOutcomeSchema>;
/** A fix pattern as handed over by the repair agent (no counters). */
export type FixPatternSpec = z.infer<typeof fixPatternSpecSchema>;
/** App, endpoint and error kind of an attempt. */
export type AttemptContext = z.infer<typeof attemptContextSchema>;
/** A learned fix pattern with its track record (DESIGN §3). */
export type FixPattern = z.infer<typeof fixPatternSchema>;
/** Counters of a pattern in one context. */
export type ContextStats = z.infer<typeof contextStatsSchema>;
/** A pattern and where it was tried. */
export type PatternDetails = z.infer<typeof patternDetailsSchema>;
/** Store totals. */
export type PatternStoreStats = z.infer<typeof patternStoreStatsSchema>;
/** Log record: an attempt. */
export type AttemptEvent = z.infer<typeof attemptEventSchema>;
/** Log record: an outcome. */
export type OutcomeEvent = z.infer<typeof outcomeEventSchema>;
/** Log record: a promotion or retirement. */
export type StatusEvent = z.infer<typeof statusEventSchema>;
/** Any log record; the unit of export, import and sync. */
export type PatternEvent = z.infer<typeof patternEventSchema>;

/** Input of `recordAttempt`. */
export interface RecordAttemptInput {
  /** Defaults to a random UUID. Give one to make retries of the same call idempotent. */
  id?: string;
  /** Defaults to now. */
  at?: Date | string;
  signature: ErrorSignature;
  /** Which repair strategy produced the fix: `pattern`, `recipe`, `llm`, `command`... */
  strategy: string;
  pattern: FixPatternSpec;
  context: AttemptContext;
}

/** Input of `recordOutcome`. */
export interface RecordOutcomeInput {
  attemptId: string;
  outcome: AttemptOutcome;
  /** Defaults to now. */
  at?: Date | string;
}

/**
 * `applied`: counted; `pending`: the attempt is not in this store (kept, counted once it is); `duplicate`: already had
 * one.
 */
export type OutcomeStatus = 'applied' | 'pending' | 'duplicate';

/** What `recordOutcome` did. */
export interface OutcomeResult {
  status: OutcomeStatus;
  /** The pattern after the outcome, when the attempt is known here. */
  pattern: FixPattern | null;
}

/** A violation to find known fixes for. Either field set narrows; none set finds nothing. */
export interface KnownFixQuery {
  /** Tier 1: patterns of this signature class. */
  signatureClass?: string;
  /** Restricts both tiers to one language. */
  language?: string;
  /** Tier 2 (the seed's rule): same endpoint shape... */
  endpoint?: { method: string; path: string };
  /** ...or give the shape directly (`POST /{collection}`). */
  endpointShape?: string;
  /** ...and the same error kind: an HTTP status (500, 404, 422) or a violation kind. */
  errorKind?: string | number;
  /** Tier 2 needs a success rate above this; tier 1 too once tried `minTrials` times. Default 0.7. */
  minSuccessRate?: number;
  /** Default 3. */
  minTrials?: number;
  /** Default 10. */
  limit?: number;
}

/** How a known fix matched: its signature class, or the endpoint shape and error kind. */
export type KnownFixMatch = 'signature_class' | 'endpoint_error';

/** One ranked answer of `findKnownFixes`. */
export interface KnownFix {
  pattern: FixPattern;
  match: KnownFixMatch;
}

/** Thresholds of promotion (defaults: success rate > 0.7 with at least 3 trials). */
export interface PromotionPolicy {
  minSuccessRate?: number;
  minTrials?: number;
}

/** Options of `promote`. */
export interface PromoteOptions extends PromotionPolicy {
  /** Only these patterns (default: every candidate). */
  ids?: string[];
  /** Promote `ids` even when they do not meet the policy. */
  force?: boolean;
  at?: Date | string;
}

/** Filter of `list`. */
export interface ListPatternsFilter {
  status?: PatternStatus;
  signatureClass?: string;
  language?: string;
  /** Default: all. */
  limit?: number;
}

/** What `importEvents` did. */
export interface ImportResult {
  /** Events new to this store. */
  applied: number;
  /** Events it already had (import and sync are idempotent). */
  duplicates: number;
}

/** The backend kinds `openPatternStore` knows. */
export type PatternStoreKind = 'memory' | 'file' | 'neo4j';

/**
 * The port: where fix attempts, outcomes and the patterns learned from them live. Backends:
 * memory, file (the embedded default) and Neo4j. All methods are async and safe to call
 * concurrently; `close` releases the backend.
 */
export interface PatternStore {
  /** `memory`, `file`, `neo4j`; a fallback store reports the backend it currently uses. */
  readonly kind: PatternStoreKind;
  /** The URI it was opened with, without credentials. */
  readonly uri: string;
  /** Records a fix attempt; idempotent per attempt id. */
  recordAttempt(input: RecordAttemptInput): Promise<AttemptEvent>;
  /** Records the outcome of an attempt; the first outcome of an attempt wins. */
  recordOutcome(input: RecordOutcomeInput): Promise<OutcomeResult>;
  /** Known fixes for a violation, best first (see `KnownFixQuery`). */
  findKnownFixes(query: KnownFixQuery): Promise<KnownFix[]>;
  /** Promotes candidates meeting the policy; returns those it promoted. */
  promote(options?: PromoteOptions): Promise<FixPattern[]>;
  /** Retires a pattern (never suggested again); null when there is no such pattern. */
  retire(id: string, options?: { reason?: string; at?: Date | string }): Promise<FixPattern | null>;
  /** One pattern, or null. */
  get(id: string): Promise<FixPattern | null>;
  /** A pattern and the contexts it was tried in, or null. */
  show(id: string): Promise<PatternDetails | null>;
  /** Patterns, best first (success rate, trials, recency). */
  list(filter?: ListPatternsFilter): Promise<FixPattern[]>;
  /** Totals. */
  stats(): Promise<PatternStoreStats>;
  /** Every event, attempts before their outcomes, in recording order. */
  exportEvents(): AsyncIterable<PatternEvent>;
  /** Applies events idempotently (by event id; one outcome per attempt). */
  importEvents(events: Iterable<PatternEvent> | AsyncIterable<PatternEvent>): Promise<ImportResult>;
  /** Releases files, locks and connections. */
  close(): Promise<void>;
}
