import { z } from 'zod';

/** seed 004's four escalation reasons. */
const escalationReasonSchema = z.enum(['retry budget', 'regression', 'patch size', 'time budget']);

/**
 * Seed 004's escalation bundle, field order exact: reason, failures, repro_commands,
 * last_patch_diff, artifacts, exec_rpc_freshness. Null where a value could not be collected.
 */
export const escalationBundleSchema = z.object({
  reason: escalationReasonSchema,
  failures: z.array(z.object({ nodeid: z.string(), signature: z.string(), attempts: z.number().int().nonnegative() })),
  repro_commands: z.array(z.string()),
  last_patch_diff: z.string().nullable(),
  artifacts: z.array(z.string().nullable()),
  exec_rpc_freshness: z.object({ meta: z.string().nullable(), ss: z.string().nullable() }),
});

/**
 * Why the loop stopped, more precisely than the seed's four reasons: `no_candidate` (no strategy
 * proposed anything for what is left), `all_candidates_rejected` (every candidate proposed was
 * tried and rejected), `attempts_exhausted` (every failure had its attempts), `iteration_limit`,
 * `regression` (a round broke passing scenarios and its culprit could not be isolated: isolation
 * off), `restart_failed` (the same, the patched app did not start), `patch_too_large`, `time_budget`, `interrupted` (a
 * signal).
 */
const stopCauseSchema = z.enum([
  'no_candidate',
  'all_candidates_rejected',
  'attempts_exhausted',
  'iteration_limit',
  'regression',
  'restart_failed',
  'patch_too_large',
  'time_budget',
  'interrupted',
]);

/** One candidate patch the loop tried for a root cause, and its verdict. */
const candidateRecordSchema = z.object({
  iteration: z.number().int().positive(),
  patchId: z.string(),
  strategy: z.string(),
  summary: z.string(),
  recipeId: z.string().optional(),
  patternId: z.string().optional(),
  /**
   * accepted: kept; rejected: its own scenarios say it is wrong; regressed: it broke passing scenarios or the restart;
   * rolled_back: its round was undone; untried: no time left to try it.
   */
  verdict: z.enum(['accepted', 'rejected', 'regressed', 'rolled_back', 'untried']),
  /**
   * The rule behind the verdict (`passes`, `fails-later`, `same-error`, `caused-by-patch`, `broke-passing`,
   * `no-restart`, `build-failed`, …).
   */
  rule: z.string().optional(),
  reason: z.string().optional(),
});

/** Every candidate tried for one root cause. */
const rootCauseRecordSchema = z.object({
  signature: z.string(),
  endpoints: z.array(z.string()),
  candidates: z.array(candidateRecordSchema),
});

/** The short numbers of one smoke run (the seed's table). */
const smokeSummarySchema = z.object({
  passRate: z.number(),
  scenariosTested: z.number().int(),
  scenariosPassed: z.number().int(),
  endpointsTested: z.number().int(),
  endpointsPassed: z.number().int(),
  serverErrors: z.number().int(),
  violations: z.number().int(),
  blocked: z.number().int(),
});

/** One iteration: what was patched, what the re-smoke said, what was kept. */
const iterationRecordSchema = z.object({
  iteration: z.number().int().positive(),
  rootCauses: z.number().int(),
  patches: z.array(
    z.object({
      id: z.string(),
      signature: z.string(),
      strategy: z.string(),
      summary: z.string(),
      files: z.array(z.string()),
      changedLines: z.number().int(),
      patternId: z.string().optional(),
      /**
       * fixed: kept, its root cause's scenarios pass or fail later at an untouched line;
       * rejected: rolled back because they still failed at its own lines (see `rule`);
       * rolled_back: part of a round that regressed; not_fixed/regressed: older records.
       */
      outcome: z.enum(['fixed', 'not_fixed', 'regressed', 'rolled_back', 'rejected']),
      /**
       * The verdict's rule (passes, fails-later, unverified, same-error, fails-at-patched-line, same-failure,
       * no-response, …).
       */
      rule: z.string().optional(),
      /** What the verdict saw, in one line. */
      reason: z.string().optional(),
    }),
  ),
  rejected: z.array(z.object({ signature: z.string(), strategy: z.string(), reason: z.string() })),
  smoke: smokeSummarySchema.nullable(),
  kept: z.boolean(),
  flaky: z.array(z.string()),
  durationMs: z.number(),
});

/** What `runRepairLoop` returns (DESIGN §3), also the `--json` output of `smoke-repair run`. */
export const loopResultSchema = z.object({
  outcome: z.enum(['passed', 'target_reached', 'not_triggered', 'escalated']),
  iterations: z.array(iterationRecordSchema),
  initial: smokeSummarySchema,
  final: smokeSummarySchema,
  fixesApplied: z.number().int(),
  filesFixed: z.number().int(),
  patternsPromoted: z.number().int(),
  escalation: escalationBundleSchema.optional(),
  artifactsDir: z.string(),
  /** The accepted changes as one patch file (null when nothing was kept). */
  patchFile: z.string().nullable(),
  /** The branch holding the accepted changes, when one was asked for. */
  branch: z.string().nullable(),
  durationMs: z.number(),
  /** Why the loop stopped, in one line. */
  stopReason: z.string(),
  /** Why an escalated loop stopped, precisely (absent when it did not escalate). */
  stopCause: stopCauseSchema.optional(),
  /** Per root cause, every candidate tried with its verdict and why. */
  rootCauses: z.array(rootCauseRecordSchema).optional(),
  /**
   * What reached the user's tree at the end: `tree` (files written), `branch`, `none` (--no-apply
   * or an interrupted run: only accepted.patch), `in-place` (loop.sandbox false). `conflicts`:
   * files the user changed during the run, left alone (their changes stay in accepted.patch).
   */
  applied: z
    .object({
      to: z.enum(['tree', 'branch', 'none', 'in-place']),
      files: z.array(z.string()),
      conflicts: z.array(z.string()),
    })
    .optional(),
  /**
   * The sandbox the app ran from: its path (removed unless kept), copy time, data resets before starts and their total
   * time.
   */
  sandbox: z
    .object({ path: z.string(), kept: z.boolean(), copyMs: z.number(), resets: z.number().int(), resetMs: z.number() })
    .optional(),
});

/** Seed 004's escalation bundle. */
export type EscalationBundle = z.infer<typeof escalationBundleSchema>;
/** retry budget | regression | patch size | time budget */
export type EscalationReason = z.infer<typeof escalationReasonSchema>;
/** The seed's table numbers of one smoke run. */
export type SmokeSummary = z.infer<typeof smokeSummarySchema>;
/** One loop iteration. */
export type IterationRecord = z.infer<typeof iterationRecordSchema>;
/** Why an escalated loop stopped, precisely. */
export type StopCause = z.infer<typeof stopCauseSchema>;
/** One candidate tried for a root cause. */
export type CandidateRecord = z.infer<typeof candidateRecordSchema>;
/** The candidates tried for one root cause. */
export type RootCauseRecord = z.infer<typeof rootCauseRecordSchema>;
/** The loop's result. */
export type LoopResult = z.infer<typeof loopResultSchema>;

/** JSON Schema of the loop result (`smoke-repair run --json`). */
export function loopResultJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(loopResultSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}

/** JSON Schema of `artifacts/escalation.json`. */
export function escalationBundleJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(escalationBundleSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
