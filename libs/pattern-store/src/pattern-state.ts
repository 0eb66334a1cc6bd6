import { endpointKey } from './events.js';
import { PatternRecord } from './pattern-record.js';
import {
  compareByRank,
  normalizeKnownFixQuery,
  qualifiesByEndpoint,
  qualifiesBySignatureClass,
  rankKnownFixes,
} from './ranking.js';
import type {
  AttemptEvent,
  FixPattern,
  KnownFix,
  KnownFixQuery,
  ListPatternsFilter,
  OutcomeEvent,
  PatternDetails,
  PatternEvent,
  PatternStoreStats,
  StatusEvent,
} from './types.js';

/** Why `apply` did or did not count an event. */
export type ApplyStatus = 'applied' | 'pending' | 'duplicate';

function attemptEndpoint(event: AttemptEvent): string | undefined {
  const shape = event.context.endpointShape;
  return shape === undefined ? undefined : endpointKey(shape, event.context.errorKind);
}

/**
 * Event-sourced state shared by the memory and file backends: applying the log in order
 * rebuilds every pattern, counter and index. Idempotent per event id; an outcome or status
 * that arrives before its attempt waits for it (a fallback store may hold only the outcome).
 */
export class PatternState {
  private readonly patterns = new Map<string, PatternRecord>();
  private readonly attempts = new Map<string, AttemptEvent>();
  private readonly outcomes = new Map<string, OutcomeEvent>();
  private readonly waitingOutcomes = new Map<string, OutcomeEvent>();
  private readonly waitingStatus = new Map<string, StatusEvent[]>();
  private readonly statusIds = new Set<string>();
  private readonly bySignatureClass = new Map<string, Set<PatternRecord>>();
  private readonly byEndpoint = new Map<string, Set<PatternRecord>>();
  private readonly log: PatternEvent[] = [];
  /** Bumped by every applied event; ranked index lists older than it are re-sorted on use. */
  private version = 0;
  private readonly ranked = new Map<string, { version: number; records: PatternRecord[] }>();

  /** Whether this event (by id, or an outcome for the same attempt) is already here. */
  has(event: PatternEvent): boolean {
    if (event.type === 'attempt') return this.attempts.has(event.id);
    if (event.type === 'outcome')
      return this.outcomes.has(event.attemptId) || this.waitingOutcomes.has(event.attemptId);
    return this.statusIds.has(event.id);
  }

  /** Applies one event; duplicates change nothing. */
  apply(event: PatternEvent): ApplyStatus {
    if (this.has(event)) return 'duplicate';
    this.log.push(event);
    this.version += 1;
    if (event.type === 'attempt') return this.applyAttempt(event);
    if (event.type === 'outcome') return this.applyOutcome(event);
    return this.applyStatus(event);
  }

  private applyAttempt(event: AttemptEvent): ApplyStatus {
    this.attempts.set(event.id, event);
    let record = this.patterns.get(event.patternId);
    if (!record) {
      record = new PatternRecord(event);
      this.patterns.set(record.id, record);
      index(this.bySignatureClass, event.pattern.signatureClass, record);
      for (const status of this.waitingStatus.get(record.id) ?? []) record.setStatus(status);
      this.waitingStatus.delete(record.id);
    }
    const endpoint = attemptEndpoint(event);
    if (endpoint !== undefined) index(this.byEndpoint, endpoint, record);
    record.addAttempt(event, endpoint);
    const waiting = this.waitingOutcomes.get(event.id);
    if (waiting) {
      this.waitingOutcomes.delete(event.id);
      this.applyOutcome(waiting);
    }
    return 'applied';
  }

  private applyOutcome(event: OutcomeEvent): ApplyStatus {
    const attempt = this.attempts.get(event.attemptId);
    if (!attempt) {
      this.waitingOutcomes.set(event.attemptId, event);
      return 'pending';
    }
    this.outcomes.set(event.attemptId, event);
    this.patterns.get(attempt.patternId)?.addOutcome(attempt, attemptEndpoint(attempt), event.outcome, event.at);
    return 'applied';
  }

  private applyStatus(event: StatusEvent): ApplyStatus {
    this.statusIds.add(event.id);
    const record = this.patterns.get(event.patternId);
    if (!record) {
      this.waitingStatus.set(event.patternId, [...(this.waitingStatus.get(event.patternId) ?? []), event]);
      return 'pending';
    }
    record.setStatus(event);
    return 'applied';
  }

  /** The attempt with this id, if known. */
  attempt(id: string): AttemptEvent | undefined {
    return this.attempts.get(id);
  }

  /** One pattern's snapshot, or null. */
  get(id: string): FixPattern | null {
    return this.patterns.get(id)?.snapshot() ?? null;
  }

  /** One pattern with its contexts, or null. */
  show(id: string): PatternDetails | null {
    return this.patterns.get(id)?.details() ?? null;
  }

  /** Ranked known fixes: tier 1 by signature class, tier 2 by endpoint shape + error kind. */
  findKnownFixes(query: KnownFixQuery): KnownFix[] {
    const q = normalizeKnownFixQuery(query);
    // Selects on the records themselves; only the answers become snapshots.
    const tier1 = takeFirst(
      this.rankedList('class', this.bySignatureClass, q.signatureClass),
      (r) => qualifiesBySignatureClass(r, q),
      q.limit,
    );
    const tier2 = takeFirst(
      this.rankedList('endpoint', this.byEndpoint, q.endpointKey),
      (r) => qualifiesByEndpoint(r, q),
      q.limit * 2,
    );
    return rankKnownFixes(
      tier1.map((r) => r.snapshot()),
      tier2.map((r) => r.snapshot()),
      q,
    );
  }

  /** The records of one index entry, best first; sorted once per state version. */
  private rankedList(kind: string, index: Map<string, Set<PatternRecord>>, key: string | undefined): PatternRecord[] {
    const set = key === undefined ? undefined : index.get(key);
    if (!set) return [];
    const cacheKey = `${kind}\u0000${key}`;
    const cached = this.ranked.get(cacheKey);
    if (cached && cached.version === this.version) return cached.records;
    const records = [...set].sort(compareByRank);
    this.ranked.set(cacheKey, { version: this.version, records });
    return records;
  }

  /** Patterns matching the filter, best first. */
  list(filter: ListPatternsFilter = {}): FixPattern[] {
    const records =
      filter.signatureClass === undefined
        ? this.patterns.values()
        : (this.bySignatureClass.get(filter.signatureClass) ?? []);
    const matching = [...records]
      .map((record) => record.snapshot())
      .filter(
        (p) =>
          (filter.status === undefined || p.status === filter.status) &&
          (filter.language === undefined || p.language === filter.language),
      );
    return matching.sort(compareByRank).slice(0, filter.limit ?? matching.length);
  }

  /** Totals. */
  stats(): PatternStoreStats {
    const byStatus = { candidate: 0, promoted: 0, retired: 0 };
    for (const record of this.patterns.values()) byStatus[record.status] += 1;
    const outcomes = { fixed: 0, not_fixed: 0, regressed: 0 };
    for (const event of this.outcomes.values()) outcomes[event.outcome] += 1;
    const apps = new Set<string>();
    const signatures = new Set<string>();
    const shapes = new Set<string>();
    for (const attempt of this.attempts.values()) {
      apps.add(attempt.context.app);
      signatures.add(attempt.signature.hash);
      if (attempt.context.endpointShape !== undefined) shapes.add(attempt.context.endpointShape);
    }
    return {
      patterns: this.patterns.size,
      byStatus,
      attempts: this.attempts.size,
      outcomes,
      pending: this.attempts.size - this.outcomes.size,
      signatures: signatures.size,
      apps: apps.size,
      endpointShapes: shapes.size,
    };
  }

  /** Every applied or waiting event, in the order received. */
  events(): readonly PatternEvent[] {
    return this.log;
  }
}

/** The first `k` ranked records that pass `keep`. */
function takeFirst(ranked: PatternRecord[], keep: (record: PatternRecord) => boolean, k: number): PatternRecord[] {
  const out: PatternRecord[] = [];
  for (const record of ranked) {
    if (out.length >= k) break;
    if (keep(record)) out.push(record);
  }
  return out;
}

function index(map: Map<string, Set<PatternRecord>>, key: string, record: PatternRecord): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(record);
}
