import type { RankFields } from './ranking.js';
import type { AttemptEvent, AttemptOutcome, ContextStats, FixPattern, PatternDetails, StatusEvent } from './types.js';

/** Mutable counters of one context. */
interface Counter {
  successes: number;
  failures: number;
  attempts: number;
}

/**
 * The in-memory aggregate of one pattern (memory and file backends): counters overall and per
 * endpoint context, app and signature. Snapshots are fresh objects, never shared state.
 */
export class PatternRecord implements RankFields {
  readonly id: string;
  private readonly base: Pick<FixPattern, 'signatureClass' | 'language' | 'template' | 'description' | 'createdAt'>;
  private successes = 0;
  private failures = 0;
  private regressions = 0;
  private attempts = 0;
  lastUsedAt: string;
  status: FixPattern['status'] = 'candidate';
  private statusChangedAt: string | undefined;
  private statusReason: string | undefined;
  private readonly endpoints = new Map<string, Counter>();
  private readonly apps = new Map<string, Counter>();
  private readonly signatures = new Map<string, Counter>();

  constructor(event: AttemptEvent) {
    this.id = event.patternId;
    const { signatureClass, language, template, description } = event.pattern;
    this.base = { signatureClass, language, template, description, createdAt: event.at };
    this.lastUsedAt = event.at;
  }

  get signatureClass(): string {
    return this.base.signatureClass;
  }

  get language(): string {
    return this.base.language;
  }

  get trials(): number {
    return this.successes + this.failures;
  }

  get successRate(): number {
    const trials = this.successes + this.failures;
    return trials === 0 ? 0 : this.successes / trials;
  }

  /** Counts an attempt in its contexts (`endpoint` is the endpoint key, when known). */
  addAttempt(event: AttemptEvent, endpoint: string | undefined): void {
    this.attempts += 1;
    this.touch(event.at);
    for (const counter of this.counters(event, endpoint)) counter.attempts += 1;
  }

  /** Counts an outcome of one of its attempts. */
  addOutcome(event: AttemptEvent, endpoint: string | undefined, outcome: AttemptOutcome, at: string): void {
    const success = outcome === 'fixed';
    if (success) this.successes += 1;
    else this.failures += 1;
    if (outcome === 'regressed') this.regressions += 1;
    this.touch(at);
    for (const counter of this.counters(event, endpoint)) {
      if (success) counter.successes += 1;
      else counter.failures += 1;
    }
  }

  /** Applies a status change unless a later one is already applied. */
  setStatus(event: StatusEvent): void {
    if (this.statusChangedAt !== undefined && event.at < this.statusChangedAt) return;
    this.status = event.status;
    this.statusChangedAt = event.at;
    this.statusReason = event.reason;
  }

  /** A fresh snapshot. */
  snapshot(): FixPattern {
    const trials = this.successes + this.failures;
    const pattern: FixPattern = {
      id: this.id,
      signatureClass: this.base.signatureClass,
      language: this.base.language,
      template: structuredClone(this.base.template),
      successes: this.successes,
      failures: this.failures,
      regressions: this.regressions,
      trials,
      successRate: trials === 0 ? 0 : this.successes / trials,
      attempts: this.attempts,
      status: this.status,
      createdAt: this.base.createdAt,
      lastUsedAt: this.lastUsedAt,
    };
    if (this.base.description !== undefined) pattern.description = this.base.description;
    if (this.statusChangedAt !== undefined) pattern.statusChangedAt = this.statusChangedAt;
    if (this.statusReason !== undefined) pattern.statusReason = this.statusReason;
    return pattern;
  }

  /** The snapshot with its contexts. */
  details(): PatternDetails {
    return {
      pattern: this.snapshot(),
      endpoints: contextList(this.endpoints),
      apps: contextList(this.apps),
      signatures: contextList(this.signatures),
    };
  }

  private touch(at: string): void {
    if (at > this.lastUsedAt) this.lastUsedAt = at;
  }

  private counters(event: AttemptEvent, endpoint: string | undefined): Counter[] {
    const counters = [counter(this.apps, event.context.app), counter(this.signatures, event.signature.hash)];
    if (endpoint !== undefined) counters.push(counter(this.endpoints, endpoint));
    return counters;
  }
}

function counter(map: Map<string, Counter>, key: string): Counter {
  let found = map.get(key);
  if (!found) {
    found = { successes: 0, failures: 0, attempts: 0 };
    map.set(key, found);
  }
  return found;
}

function contextList(map: Map<string, Counter>): ContextStats[] {
  return [...map.entries()]
    .map(([key, value]) => ({ key, ...value }))
    .sort((a, b) => b.attempts - a.attempts || (a.key < b.key ? -1 : 1));
}
