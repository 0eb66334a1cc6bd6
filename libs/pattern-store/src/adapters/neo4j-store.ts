import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import { importInBatches } from '../import-batches.js';
import { PatternStoreClosedError } from '../errors.js';
import { toAttemptEvent as toAttemptEventFromInput, toOutcomeEvent, toStatusEvent } from '../events.js';
import { isPromotable, normalizeKnownFixQuery, rankKnownFixes } from '../ranking.js';
import { outcomeEventSchema, statusEventSchema } from '../schema.js';
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
  PatternStoreStats,
  PromoteOptions,
  RecordAttemptInput,
  RecordOutcomeInput,
} from '../types.js';
import * as cypher from './neo4j-cypher.js';
import { mapNeo4jError } from './neo4j-errors.js';
import { toAttemptEvent, toFixPattern, toPatternDetails, toStats } from './neo4j-rows.js';
import type { Neo4jPatternStoreOptions } from './neo4j-open.js';
import { importEventBatch, type WriteContext } from './neo4j-writes.js';

const IMPORT_BATCH = 500;
const EVERYTHING = 1_000_000_000;

/** The Neo4j backend: one pooled driver, constraints created at start, retried transactions. */
export class Neo4jPatternStore implements PatternStore {
  readonly kind = 'neo4j' as const;
  readonly uri: string;
  private closed = false;

  constructor(
    private readonly driver: Driver,
    private readonly options: Neo4jPatternStoreOptions,
  ) {
    this.uri = options.database ? `${options.url}?database=${options.database}` : options.url;
  }

  async recordAttempt(input: RecordAttemptInput): Promise<AttemptEvent> {
    const event = toAttemptEventFromInput(input);
    await this.write((ctx) => importEventBatch(ctx, [event]));
    const stored = await this.read(
      async (tx) => (await tx.run('MATCH (a:Attempt {id: $id}) RETURN a.event AS event', { id: event.id })).records,
    );
    return stored[0] ? toAttemptEvent(stored[0].get('event')) : event;
  }

  async recordOutcome(input: RecordOutcomeInput): Promise<OutcomeResult> {
    const event = toOutcomeEvent(input);
    const result = await this.write((ctx) => importEventBatch(ctx, [event]));
    const status = result.applied === 0 ? 'duplicate' : result.pendingOutcomes > 0 ? 'pending' : 'applied';
    const rows = await this.read(
      async (tx) =>
        (
          await tx.run('MATCH (:Attempt {id: $id})-[:USED]->(p:FixPattern) RETURN p {.*} AS pattern', {
            id: event.attemptId,
          })
        ).records,
    );
    return { status, pattern: rows[0] ? toFixPattern(rows[0].get('pattern')) : null };
  }

  async findKnownFixes(query: KnownFixQuery): Promise<KnownFix[]> {
    const q = normalizeKnownFixQuery(query);
    if (q.signatureClass === undefined && q.endpointKey === undefined) return [];
    const maxRank = String(1_000_000 - Math.round(q.minSuccessRate * 1_000_000)).padStart(7, '0');
    const key = q.language === undefined ? q.endpointKey : `${q.language}|${q.endpointKey}`;
    // Both queries go out pipelined in one read transaction: one round trip for the pair.
    const [tier1, tier2] = await this.read((tx) =>
      Promise.all([
        q.signatureClass === undefined
          ? []
          : tx
              .run(cypher.FIND_BY_SIGNATURE_CLASS, {
                signatureClass: q.signatureClass,
                language: q.language ?? null,
                minTrials: q.minTrials,
                minSuccessRate: q.minSuccessRate,
                limit: neo4j.int(q.limit),
              })
              .then((r) => r.records),
        q.endpointKey === undefined
          ? []
          : tx
              .run(cypher.findByEndpoint(q.language !== undefined), { key, maxRank, limit: neo4j.int(q.limit * 2) })
              .then((r) => r.records),
      ]),
    );
    const patterns = (records: typeof tier1): FixPattern[] => records.map((r) => toFixPattern(r.get('pattern')));
    return rankKnownFixes(patterns(tier1), patterns(tier2), q);
  }

  async promote(options: PromoteOptions = {}): Promise<FixPattern[]> {
    const candidates = options.ids
      ? (await Promise.all(options.ids.map((id) => this.get(id)))).filter((p): p is FixPattern => p !== null)
      : await this.list({ status: 'candidate' });
    const chosen = candidates.filter((p) =>
      options.force && options.ids ? p.status !== 'promoted' : isPromotable(p, options),
    );
    if (chosen.length === 0) return [];
    await this.importEvents(chosen.map((p) => toStatusEvent(p.id, 'promoted', { at: options.at })));
    return (await Promise.all(chosen.map((p) => this.get(p.id)))).filter((p): p is FixPattern => p !== null);
  }

  async retire(id: string, options: { reason?: string; at?: Date | string } = {}): Promise<FixPattern | null> {
    const pattern = await this.get(id);
    if (!pattern) return null;
    if (pattern.status !== 'retired') await this.importEvents([toStatusEvent(id, 'retired', options)]);
    return this.get(id);
  }

  async get(id: string): Promise<FixPattern | null> {
    const rows = await this.read(
      async (tx) => (await tx.run('MATCH (p:FixPattern {id: $id}) RETURN p {.*} AS pattern', { id })).records,
    );
    return rows[0] ? toFixPattern(rows[0].get('pattern')) : null;
  }

  async show(id: string): Promise<PatternDetails | null> {
    const rows = await this.read(async (tx) => (await tx.run(cypher.SHOW_PATTERN, { id })).records);
    const row = rows[0];
    if (!row) return null;
    return toPatternDetails({
      pattern: row.get('pattern'),
      endpoints: row.get('endpoints'),
      apps: row.get('apps'),
      signatures: row.get('signatures'),
    });
  }

  async list(filter: ListPatternsFilter = {}): Promise<FixPattern[]> {
    const rows = await this.read(
      async (tx) =>
        (
          await tx.run(cypher.LIST_PATTERNS, {
            status: filter.status ?? null,
            signatureClass: filter.signatureClass ?? null,
            language: filter.language ?? null,
            limit: neo4j.int(filter.limit ?? EVERYTHING),
          })
        ).records,
    );
    return rows.map((r) => toFixPattern(r.get('pattern')));
  }

  async stats(): Promise<PatternStoreStats> {
    const rows = await this.read(async (tx) => (await tx.run(cypher.STATS)).records);
    return toStats(rows[0]?.toObject());
  }

  async *exportEvents(): AsyncIterable<PatternEvent> {
    this.assertOpen();
    const session = this.driver.session({ database: this.options.database, defaultAccessMode: neo4j.session.READ });
    try {
      for await (const record of session.run(cypher.EXPORT_ATTEMPTS)) yield toAttemptEvent(record.get('event'));
      for (const query of [cypher.EXPORT_OUTCOMES, cypher.EXPORT_PENDING]) {
        for await (const record of session.run(query))
          yield outcomeEventSchema.parse({ v: 1, type: 'outcome', ...record.get('row') });
      }
      for await (const record of session.run(cypher.EXPORT_STATUS)) {
        const row = record.get('row') as Record<string, unknown>;
        if (row['reason'] === null) delete row['reason'];
        yield statusEventSchema.parse({ v: 1, type: 'status', ...row });
      }
    } catch (error) {
      throw mapNeo4jError(error, this.options.url, this.options.user);
    } finally {
      await session.close();
    }
  }

  async importEvents(events: Iterable<PatternEvent> | AsyncIterable<PatternEvent>): Promise<ImportResult> {
    return importInBatches(
      events,
      IMPORT_BATCH,
      async (batch) => (await this.write((ctx) => importEventBatch(ctx, batch))).applied,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.driver.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new PatternStoreClosedError(this.uri);
  }

  private async read<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    this.assertOpen();
    const session = this.driver.session({ database: this.options.database, defaultAccessMode: neo4j.session.READ });
    try {
      return await session.executeRead(work);
    } catch (error) {
      throw mapNeo4jError(error, this.options.url, this.options.user);
    } finally {
      await session.close();
    }
  }

  private async write<T>(work: (ctx: WriteContext) => Promise<T>): Promise<T> {
    this.assertOpen();
    const session = this.driver.session({ database: this.options.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.executeWrite((tx) => work({ tx }));
    } catch (error) {
      throw mapNeo4jError(error, this.options.url, this.options.user);
    } finally {
      await session.close();
    }
  }
}
