import { z } from 'zod';
import {
  attemptEventSchema,
  contextStatsSchema,
  fixPatternSchema,
  patternDetailsSchema,
  patternStoreStatsSchema,
} from '../schema.js';
import { PatternStoreError } from '../errors.js';
import type { AttemptEvent, ContextStats, FixPattern, PatternDetails, PatternStoreStats } from '../types.js';

/** Properties of a (:FixPattern) node as stored (template as a JSON string; absent = null). */
const patternRowSchema = z.object({
  id: z.string(),
  signatureClass: z.string(),
  language: z.string(),
  template: z.string(),
  description: z.string().nullish(),
  successes: z.number(),
  failures: z.number(),
  regressions: z.number(),
  trials: z.number(),
  successRate: z.number(),
  attempts: z.number(),
  status: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string(),
  statusChangedAt: z.string().nullish(),
  statusReason: z.string().nullish(),
  rank: z.string().nullish(),
});

function invalidRow(what: string, error: z.ZodError): PatternStoreError {
  return new PatternStoreError(
    'SMOKE_PATTERN_STORE_IO',
    `Neo4j returned an invalid ${what}:\n${z.prettifyError(error)}`,
    {
      cause: error,
    },
  );
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidRow(what, parsed.error);
  return parsed.data;
}

/** A (:FixPattern) node's properties, validated, as a `FixPattern`. */
export function toFixPattern(row: unknown): FixPattern {
  const p = parse(patternRowSchema, row, 'fix pattern');
  const pattern: Record<string, unknown> = {
    id: p.id,
    signatureClass: p.signatureClass,
    language: p.language,
    template: JSON.parse(p.template) as unknown,
    successes: p.successes,
    failures: p.failures,
    regressions: p.regressions,
    trials: p.trials,
    successRate: p.successRate,
    attempts: p.attempts,
    status: p.status,
    createdAt: p.createdAt,
    lastUsedAt: p.lastUsedAt,
  };
  if (p.description != null) pattern['description'] = p.description;
  if (p.statusChangedAt != null) pattern['statusChangedAt'] = p.statusChangedAt;
  if (p.statusReason != null) pattern['statusReason'] = p.statusReason;
  return parse(fixPatternSchema, pattern, 'fix pattern');
}

/** A `SHOW_PATTERN` record as `PatternDetails`. */
export function toPatternDetails(row: {
  pattern: unknown;
  endpoints: unknown;
  apps: unknown;
  signatures: unknown;
}): PatternDetails {
  const contexts = (value: unknown): ContextStats[] =>
    parse(z.array(contextStatsSchema), value, 'context list').sort(
      (a, b) => b.attempts - a.attempts || (a.key < b.key ? -1 : 1),
    );
  return parse(
    patternDetailsSchema,
    {
      pattern: toFixPattern(row.pattern),
      endpoints: contexts(row.endpoints),
      apps: contexts(row.apps),
      signatures: contexts(row.signatures),
    },
    'pattern details',
  );
}

/** The stored attempt event JSON, validated. */
export function toAttemptEvent(json: unknown): AttemptEvent {
  let value: unknown;
  try {
    value = JSON.parse(String(json));
  } catch (error) {
    throw new PatternStoreError('SMOKE_PATTERN_STORE_IO', `Neo4j returned an attempt that is not JSON`, {
      cause: error,
    });
  }
  return parse(attemptEventSchema, value, 'attempt event');
}

const statsRowSchema = z.object({
  byStatus: z.array(z.object({ status: z.enum(['candidate', 'promoted', 'retired']), n: z.number() })),
  attempts: z.number(),
  fixed: z.number(),
  notFixed: z.number(),
  regressed: z.number(),
  signatures: z.number(),
  apps: z.number(),
  endpointShapes: z.number(),
});

/** A `STATS` record as `PatternStoreStats`. */
export function toStats(row: unknown): PatternStoreStats {
  const s = parse(statsRowSchema, row, 'stats row');
  const byStatus = { candidate: 0, promoted: 0, retired: 0 };
  for (const { status, n } of s.byStatus) byStatus[status] = n;
  const decided = s.fixed + s.notFixed + s.regressed;
  return parse(
    patternStoreStatsSchema,
    {
      patterns: byStatus.candidate + byStatus.promoted + byStatus.retired,
      byStatus,
      attempts: s.attempts,
      outcomes: { fixed: s.fixed, not_fixed: s.notFixed, regressed: s.regressed },
      pending: s.attempts - decided,
      signatures: s.signatures,
      apps: s.apps,
      endpointShapes: s.endpointShapes,
    },
    'stats',
  );
}
