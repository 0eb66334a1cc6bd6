import { errorSignatureSchema } from '@smoke-repair/log-parser';
import { z } from 'zod';

/** Lifecycle of a fix pattern: learned, trusted for reuse, or withdrawn. */
export const patternStatusSchema = z.enum(['candidate', 'promoted', 'retired']);

/** What happened after a fix was applied and the app re-smoked. */
export const attemptOutcomeSchema = z.enum(['fixed', 'not_fixed', 'regressed']);

const isoDate = z.iso.datetime({ offset: true });
const nonEmpty = z.string().min(1);

/**
 * A fix pattern as the repair agent hands it over: the signature class it generalises, the
 * language, and an opaque JSON template (an edit shape with holes). `id` is derived from
 * these (see `patternId`), so the same pattern learned twice is one pattern.
 */
export const fixPatternSpecSchema = z.object({
  signatureClass: nonEmpty,
  language: nonEmpty,
  template: z.unknown(),
  description: z.string().optional(),
});

/** Where an attempt happened: the app, and for HTTP failures the endpoint and error kind. */
export const attemptContextSchema = z.object({
  app: nonEmpty,
  method: z.string().optional(),
  path: z.string().optional(),
  /** `POST /{collection}`; derived from method + path when absent. */
  endpointShape: z.string().optional(),
  /** The HTTP status as a string (`"500"`) or the violation kind (`"timeout"`). */
  errorKind: z.string().optional(),
});

/** Stored record of one fix attempt (JSON Lines `type: "attempt"`). */
export const attemptEventSchema = z.object({
  v: z.literal(1),
  type: z.literal('attempt'),
  id: nonEmpty,
  at: isoDate,
  signature: errorSignatureSchema,
  strategy: nonEmpty,
  patternId: nonEmpty,
  pattern: fixPatternSpecSchema,
  context: attemptContextSchema,
});

/** Stored record of an attempt's outcome (JSON Lines `type: "outcome"`); one per attempt. */
export const outcomeEventSchema = z.object({
  v: z.literal(1),
  type: z.literal('outcome'),
  id: nonEmpty,
  at: isoDate,
  attemptId: nonEmpty,
  outcome: attemptOutcomeSchema,
});

/** Stored record of a promotion or retirement (JSON Lines `type: "status"`). */
export const statusEventSchema = z.object({
  v: z.literal(1),
  type: z.literal('status'),
  id: nonEmpty,
  at: isoDate,
  patternId: nonEmpty,
  status: patternStatusSchema,
  reason: z.string().optional(),
});

/** One line of a pattern store's event log, export or import. */
export const patternEventSchema = z.discriminatedUnion('type', [
  attemptEventSchema,
  outcomeEventSchema,
  statusEventSchema,
]);

/** A learned fix pattern with its track record (DESIGN §3). */
export const fixPatternSchema = z.object({
  id: nonEmpty,
  signatureClass: nonEmpty,
  language: nonEmpty,
  template: z.unknown(),
  description: z.string().optional(),
  successes: z.number().int().nonnegative(),
  /** Outcomes `not_fixed` and `regressed`. */
  failures: z.number().int().nonnegative(),
  /** Of the failures, how many made things worse. */
  regressions: z.number().int().nonnegative(),
  /** successes + failures. */
  trials: z.number().int().nonnegative(),
  /** successes / trials, 0 when untried. */
  successRate: z.number().min(0).max(1),
  /** Attempts recorded, with or without an outcome yet. */
  attempts: z.number().int().nonnegative(),
  status: patternStatusSchema,
  createdAt: isoDate,
  /** Latest attempt or outcome: the recency used in ranking. */
  lastUsedAt: isoDate,
  statusChangedAt: isoDate.optional(),
  statusReason: z.string().optional(),
});

/** Counters of one pattern in one context (endpoint shape + error kind, app, or signature). */
export const contextStatsSchema = z.object({
  key: z.string(),
  successes: z.number().int().nonnegative(),
  failures: z.number().int().nonnegative(),
  attempts: z.number().int().nonnegative(),
});

/** A pattern with where it was tried: for `patterns show`. */
export const patternDetailsSchema = z.object({
  pattern: fixPatternSchema,
  /** Keys `POST /{collection} 500`. */
  endpoints: z.array(contextStatsSchema),
  apps: z.array(contextStatsSchema),
  /** Keys are signature hashes. */
  signatures: z.array(contextStatsSchema),
});

/** Totals for `patterns stats`. */
export const patternStoreStatsSchema = z.object({
  patterns: z.number().int().nonnegative(),
  byStatus: z.object({
    candidate: z.number().int().nonnegative(),
    promoted: z.number().int().nonnegative(),
    retired: z.number().int().nonnegative(),
  }),
  attempts: z.number().int().nonnegative(),
  outcomes: z.object({
    fixed: z.number().int().nonnegative(),
    not_fixed: z.number().int().nonnegative(),
    regressed: z.number().int().nonnegative(),
  }),
  /** Attempts still waiting for an outcome. */
  pending: z.number().int().nonnegative(),
  signatures: z.number().int().nonnegative(),
  apps: z.number().int().nonnegative(),
  endpointShapes: z.number().int().nonnegative(),
});
