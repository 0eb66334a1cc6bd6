import type { ManagedTransaction } from 'neo4j-driver';
import type { AttemptEvent, OutcomeEvent, PatternEvent, StatusEvent } from '../types.js';
import * as cypher from './neo4j-cypher.js';

/** The transaction a write batch runs in. */
export interface WriteContext {
  tx: ManagedTransaction;
}

/** What a batch changed: events new to the graph, and of those, outcomes kept waiting for their attempt. */
export interface BatchResult {
  applied: number;
  pendingOutcomes: number;
}

function attemptRow(event: AttemptEvent): Record<string, unknown> {
  return {
    id: event.id,
    at: event.at,
    strategy: event.strategy,
    event: JSON.stringify(event),
    patternId: event.patternId,
    signatureClass: event.pattern.signatureClass,
    language: event.pattern.language,
    template: JSON.stringify(event.pattern.template ?? null),
    description: event.pattern.description ?? null,
    signature: {
      hash: event.signature.hash,
      key: event.signature.key,
      exceptionType: event.signature.exceptionType,
      message: event.signature.message,
    },
    app: event.context.app,
    shape: event.context.endpointShape ?? null,
    // MERGE cannot match on null, so "no error kind" is the empty string.
    errorKind: event.context.errorKind ?? '',
  };
}

function outcomeRow(event: OutcomeEvent): Record<string, unknown> {
  return { id: event.id, attemptId: event.attemptId, at: event.at, outcome: event.outcome };
}

function statusRow(event: StatusEvent): Record<string, unknown> {
  return { id: event.id, at: event.at, patternId: event.patternId, status: event.status, reason: event.reason ?? null };
}

function dedupe(events: PatternEvent[]): PatternEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => {
    const key = event.type === 'outcome' ? `outcome:${event.attemptId}` : `${event.type}:${event.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function applyOutcomeRows(tx: ManagedTransaction, rows: Record<string, unknown>[]): Promise<string[]> {
  if (rows.length === 0) return [];
  return (await tx.run(cypher.APPLY_OUTCOMES, { rows })).records.map((r) => r.get('patternId') as string);
}

async function writeAttempts(tx: ManagedTransaction, attempts: AttemptEvent[], changed: Set<string>): Promise<number> {
  if (attempts.length === 0) return 0;
  const created = (await tx.run(cypher.RECORD_ATTEMPTS, { rows: attempts.map(attemptRow) })).records;
  if (created.length === 0) return 0;
  for (const id of touched(created)) changed.add(id);
  const ids = created.map((r) => r.get('id') as string);
  // Outcomes (or status changes) that arrived before these attempts (or patterns) now count.
  const waiting = (await tx.run(cypher.TAKE_PENDING_OUTCOMES, { ids })).records.map(
    (r) => r.get('row') as Record<string, unknown>,
  );
  await applyOutcomeRows(tx, waiting);
  const patternIds = [...new Set(created.map((r) => r.get('patternId') as string))];
  await tx.run(cypher.ATTACH_WAITING_STATUS, { patternIds });
  return created.length;
}

/** Pattern ids an outcome row touched. */
function touched(records: { get(key: string): unknown }[]): string[] {
  return records.map((r) => r.get('patternId') as string);
}

async function writeOutcomes(
  tx: ManagedTransaction,
  outcomes: OutcomeEvent[],
  changed: Set<string>,
): Promise<BatchResult> {
  if (outcomes.length === 0) return { applied: 0, pendingOutcomes: 0 };
  const lock = await tx.run(cypher.LOCK_ATTEMPTS, { ids: outcomes.map((o) => o.attemptId) });
  const state = new Map(
    lock.records.map((r) => [
      r.get('id') as string,
      { known: r.get('known') as boolean, decided: r.get('decided') as boolean },
    ]),
  );
  const apply = outcomes.filter((o) => state.get(o.attemptId)?.known && !state.get(o.attemptId)?.decided);
  const unknown = outcomes.filter((o) => !state.get(o.attemptId)?.known);
  for (const id of await applyOutcomeRows(tx, apply.map(outcomeRow))) changed.add(id);
  const kept =
    unknown.length === 0
      ? 0
      : (await tx.run(cypher.KEEP_PENDING_OUTCOMES, { rows: unknown.map(outcomeRow) })).records.length;
  return { applied: apply.length + kept, pendingOutcomes: kept };
}

async function writeStatus(tx: ManagedTransaction, changes: StatusEvent[], changed: Set<string>): Promise<number> {
  if (changes.length === 0) return 0;
  const applied = (await tx.run(cypher.APPLY_STATUS, { rows: changes.map(statusRow) })).records;
  for (const id of touched(applied)) changed.add(id);
  return applied.length;
}

/**
 * Writes a batch of events in one transaction, idempotently: attempts first, then outcomes,
 * then status changes (order inside a batch does not change the result).
 */
export async function importEventBatch(ctx: WriteContext, events: PatternEvent[]): Promise<BatchResult> {
  const unique = dedupe(events);
  const attempts = unique.filter((e): e is AttemptEvent => e.type === 'attempt');
  const outcomes = unique.filter((e): e is OutcomeEvent => e.type === 'outcome');
  const changes = unique.filter((e): e is StatusEvent => e.type === 'status');
  const changed = new Set<string>();
  const attemptCount = await writeAttempts(ctx.tx, attempts, changed);
  const outcomeResult = await writeOutcomes(ctx.tx, outcomes, changed);
  const statusCount = await writeStatus(ctx.tx, changes, changed);
  if (changed.size > 0) await ctx.tx.run(cypher.REFRESH_RANKS, { patternIds: [...changed] });
  return {
    applied: attemptCount + outcomeResult.applied + statusCount,
    pendingOutcomes: outcomeResult.pendingOutcomes,
  };
}
