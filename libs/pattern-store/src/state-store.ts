import { importInBatches } from './import-batches.js';
import { PatternStoreClosedError } from './errors.js';
import { toAttemptEvent, toOutcomeEvent, toStatusEvent } from './events.js';
import { PatternState } from './pattern-state.js';
import { isPromotable } from './ranking.js';
import type {
  AttemptEvent,
  FixPattern,
  ImportResult,
  KnownFix,
  KnownFixQuery,
  ListPatternsFilter,
  OutcomeResult,
  PatternDetails,
  PatternEvent,
  PatternStore,
  PatternStoreKind,
  PatternStoreStats,
  PromoteOptions,
  RecordAttemptInput,
  RecordOutcomeInput,
} from './types.js';

/**
 * How a state-backed store persists its events. `write` runs `decide` with exclusive access to
 * an up-to-date state, persists the events it returns, then applies them; `refresh` catches up
 * with events other writers persisted.
 */
export interface Journal {
  refresh(state: PatternState): Promise<void>;
  write(state: PatternState, decide: (state: PatternState) => PatternEvent[]): Promise<void>;
  close(): Promise<void>;
}

const IMPORT_BATCH = 1_000;

/** A `PatternStore` over the event-sourced `PatternState` (the memory and file backends). */
export class StateBackedStore implements PatternStore {
  private readonly state = new PatternState();
  private closed = false;

  constructor(
    readonly kind: PatternStoreKind,
    readonly uri: string,
    private readonly journal: Journal,
  ) {}

  /** @internal Loads what the journal already holds. */
  async init(): Promise<this> {
    await this.journal.refresh(this.state);
    return this;
  }

  async recordAttempt(input: RecordAttemptInput): Promise<AttemptEvent> {
    const event = toAttemptEvent(input);
    await this.write((state) => (state.has(event) ? [] : [event]));
    return this.state.attempt(event.id) ?? event;
  }

  async recordOutcome(input: RecordOutcomeInput): Promise<OutcomeResult> {
    const event = toOutcomeEvent(input);
    let duplicate = false;
    await this.write((state) => {
      duplicate = state.has(event);
      return duplicate ? [] : [event];
    });
    const attempt = this.state.attempt(event.attemptId);
    const pattern = attempt ? this.state.get(attempt.patternId) : null;
    return { status: duplicate ? 'duplicate' : attempt ? 'applied' : 'pending', pattern };
  }

  async findKnownFixes(query: KnownFixQuery): Promise<KnownFix[]> {
    await this.read();
    return this.state.findKnownFixes(query);
  }

  async promote(options: PromoteOptions = {}): Promise<FixPattern[]> {
    let ids: string[] = [];
    await this.write((state) => {
      const candidates = options.ids
        ? options.ids.map((id) => state.get(id)).filter((p): p is FixPattern => p !== null)
        : state.list({ status: 'candidate' });
      const chosen = candidates.filter((p) =>
        options.force && options.ids ? p.status !== 'promoted' : isPromotable(p, options),
      );
      ids = chosen.map((p) => p.id);
      return chosen.map((p) => toStatusEvent(p.id, 'promoted', { at: options.at }));
    });
    return ids.map((id) => this.state.get(id)).filter((p): p is FixPattern => p !== null);
  }

  async retire(id: string, options: { reason?: string; at?: Date | string } = {}): Promise<FixPattern | null> {
    await this.write((state) => {
      const pattern = state.get(id);
      return pattern && pattern.status !== 'retired' ? [toStatusEvent(id, 'retired', options)] : [];
    });
    return this.state.get(id);
  }

  async get(id: string): Promise<FixPattern | null> {
    await this.read();
    return this.state.get(id);
  }

  async show(id: string): Promise<PatternDetails | null> {
    await this.read();
    return this.state.show(id);
  }

  async list(filter?: ListPatternsFilter): Promise<FixPattern[]> {
    await this.read();
    return this.state.list(filter);
  }

  async stats(): Promise<PatternStoreStats> {
    await this.read();
    return this.state.stats();
  }

  async *exportEvents(): AsyncIterable<PatternEvent> {
    await this.read();
    yield* [...this.state.events()];
  }

  async importEvents(events: Iterable<PatternEvent> | AsyncIterable<PatternEvent>): Promise<ImportResult> {
    return importInBatches(events, IMPORT_BATCH, async (batch) => {
      let applied = 0;
      await this.write((state) => {
        const fresh = uniqueNew(state, batch);
        applied = fresh.length;
        return fresh;
      });
      return applied;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.journal.close();
  }

  private async read(): Promise<void> {
    if (this.closed) throw new PatternStoreClosedError(this.uri);
    await this.journal.refresh(this.state);
  }

  private async write(decide: (state: PatternState) => PatternEvent[]): Promise<void> {
    if (this.closed) throw new PatternStoreClosedError(this.uri);
    await this.journal.write(this.state, decide);
  }
}

/** The events of a batch that neither the state nor an earlier event of the batch has. */
function uniqueNew(state: PatternState, events: PatternEvent[]): PatternEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => {
    const key = event.type === 'outcome' ? `outcome:${event.attemptId}` : `${event.type}:${event.id}`;
    if (seen.has(key) || state.has(event)) return false;
    seen.add(key);
    return true;
  });
}
