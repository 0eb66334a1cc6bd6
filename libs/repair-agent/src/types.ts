import type { ErrorSignature, StackTrace } from '@smoke-repair/log-parser';
import type { Violation } from '@smoke-repair/smoke-validator';

/** The strategies, in their default order. */
export type StrategyName = 'pattern' | 'recipe' | 'llm' | 'command';

/**
 * What kind of root cause a group of violations is. `route_missing`: documented routes answer
 * 404 (seed 000: route registration); `status_mismatch`: a documented status is not returned;
 * `crash`: a request killed the app (its culprit is the frame that threw, repaired like a 5xx).
 */
export type RootCauseKind =
  | 'crash'
  | 'runtime_error'
  | 'route_missing'
  | 'status_mismatch'
  | 'schema_mismatch'
  | 'test_failure'
  | 'connection_error'
  | 'timeout';

/** One root cause: the violations that share a signature (one repair for all of them). */
export interface RootCause {
  /** The signature hash (or, for route_missing, one id for all undocumented 404s). */
  readonly id: string;
  readonly kind: RootCauseKind;
  readonly signature: ErrorSignature;
  /** The trace the server logged for it, when there is one. */
  readonly trace: StackTrace | null;
  readonly violations: readonly Violation[];
  /** Every endpoint (or test nodeid) this root cause breaks. */
  readonly endpoints: readonly string[];
}

/** A file's content before and after an edit (paths relative to the app root; null = absent). */
export interface FileEdit {
  readonly path: string;
  readonly before: string | null;
  readonly after: string | null;
}

/** Token use of an LLM call. */
export interface Usage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly costUsd?: number;
}

/** How one strategy fared on one root cause. */
export interface RepairAttempt {
  readonly rootCause: string;
  readonly signature: string;
  readonly strategy: StrategyName;
  readonly outcome: 'patched' | 'no_proposal' | 'rejected' | 'already_fixed' | 'failed';
  /** Why it was rejected or failed; what it did when it patched. */
  readonly detail: string;
  readonly durationMs: number;
  readonly recipeId?: string;
  readonly patternId?: string;
  readonly usage?: Usage;
  /**
   * Why a `rejected` attempt was rejected, as a stable rule: a policy rule (`too_many_files`,
   * `too_many_lines`, `protected_path`, `compiled_output`, …), `symlink_escape`, `does_not_apply`, `already_rejected`.
   */
  readonly rule?: string;
}

/** An accepted patch for one root cause, as a unified diff against the tree before it. */
export interface RepairPatch {
  readonly id: string;
  readonly rootCause: string;
  readonly signature: ErrorSignature;
  readonly endpoints: readonly string[];
  /**
   * Its root cause's failures as the smoke names them (scenario id, test nodeid, else endpoint):
   * a test whose 404 was read as a missing route keeps its nodeid here, its endpoint above.
   */
  readonly failures?: readonly string[];
  readonly strategy: StrategyName;
  readonly summary: string;
  readonly diff: string;
  readonly files: readonly string[];
  readonly changedLines: number;
  readonly recipeId?: string;
  readonly patternId?: string;
  /**
   * The fix generalised for the pattern store: a recipe reference, or a Getafix-style edit
   * template; absent when the fix does not generalise (several places, far from the culprit).
   */
  readonly pattern?: {
    readonly signatureClass: string;
    readonly language: string;
    readonly template: unknown;
    readonly description: string;
  };
}

/** What `repairFromSmokeViolations` returns. Patches apply in order, each on top of the last. */
export interface RepairResult {
  readonly rootCauses: readonly RootCause[];
  readonly attempts: readonly RepairAttempt[];
  readonly patches: readonly RepairPatch[];
  readonly filesFixed: number;
  readonly files: readonly string[];
}
