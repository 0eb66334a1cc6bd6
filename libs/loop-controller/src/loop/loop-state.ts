import type { RejectedCandidate, RepairAttempt, RepairPatch } from '@smoke-repair/repair-agent';
import type { SmokeOutcome } from './loop-deps.js';
import type {
  CandidateRecord,
  EscalationReason,
  IterationRecord,
  LoopResult,
  RootCauseRecord,
  StopCause,
} from './loop-result.js';

/** Everything the loop carries from one step to the next (the closure variables it used to have). */
export interface LoopState {
  readonly started: number;
  readonly deadline: number;
  readonly iterations: IterationRecord[];
  /** Repair attempts per signature hash (seed 004's retry budget). */
  readonly attempts: Map<string, number>;
  readonly previousAttempts: RepairAttempt[];
  /** Candidates proven wrong on their own root cause: the repair agent never proposes them again. */
  readonly rejectedCandidates: RejectedCandidate[];
  /** Every candidate tried, per root cause (signature hash), in order. */
  readonly candidates: Map<string, RootCauseRecord>;
  readonly commands: Set<string>;
  /** The smoke of the tree as kept so far (the last good checkpoint's). */
  current: SmokeOutcome;
  /** The latest smoke run, kept or not (its freshness goes in the bundle). */
  lastSmoke: SmokeOutcome;
  goodCheckpoint: number;
  /** The diff of the last round (or, after a regression, of its culprits). */
  lastPatchDiff: string | null;
  /** The diff of the latest candidate tried per signature hash, in the order they were tried. */
  readonly triedDiffs: Map<string, string>;
  /** The diff of every candidate rolled back as the culprit of a regression, by patch id. */
  readonly culprits: Map<string, string>;
  patternsPromoted: number;
  fixesApplied: number;
}

/** The state after the baseline smoke. */
export function createLoopState(
  baseline: SmokeOutcome,
  checkpoint: number,
  started: number,
  budgetMs: number,
): LoopState {
  return {
    started,
    deadline: started + budgetMs,
    iterations: [],
    attempts: new Map(),
    previousAttempts: [],
    rejectedCandidates: [],
    candidates: new Map(),
    commands: new Set(),
    current: baseline,
    lastSmoke: baseline,
    goodCheckpoint: checkpoint,
    lastPatchDiff: null,
    triedDiffs: new Map(),
    culprits: new Map(),
    patternsPromoted: 0,
    fixesApplied: 0,
  };
}

/** What one loop step decided: go on, finish (target or all passing), or stop and escalate. */
export type Step =
  | { readonly kind: 'next' }
  | { readonly kind: 'done'; readonly outcome: LoopResult['outcome']; readonly stopReason: string }
  | {
      readonly kind: 'escalate';
      readonly reason: EscalationReason;
      readonly cause: StopCause;
      readonly detail: string;
    };

/** Go on with the next iteration. */
export const NEXT: Step = { kind: 'next' };

/** Stop and escalate. */
export function escalate(
  reason: EscalationReason,
  cause: StopCause,
  detail: string,
): Extract<Step, { kind: 'escalate' }> {
  return { kind: 'escalate', reason, cause, detail };
}

/**
 * True when the loop's own time budget (an `AbortSignal.timeout`) aborted `signal`: the work in
 * flight stops, but what was verified before it stands. A user's interrupt is not this.
 */
export function budgetRanOut(signal: AbortSignal | undefined): boolean {
  const reason: unknown = signal?.aborted ? signal.reason : undefined;
  return reason instanceof Error && reason.name === 'TimeoutError';
}

/** Records a tried candidate under its root cause. */
export function recordCandidate(
  state: LoopState,
  patch: RepairPatch,
  iteration: number,
  verdict: Omit<CandidateRecord, 'iteration' | 'patchId' | 'strategy' | 'summary'>,
): void {
  const key = patch.signature.hash;
  const entry = state.candidates.get(key) ?? {
    signature: patch.signature.key,
    endpoints: [...patch.endpoints],
    candidates: [],
  };
  const candidate: CandidateRecord = {
    iteration,
    patchId: patch.id,
    strategy: patch.strategy,
    summary: patch.summary,
    ...(patch.recipeId ? { recipeId: patch.recipeId } : {}),
    ...(patch.patternId ? { patternId: patch.patternId } : {}),
    ...verdict,
  };
  // Re-inserted so the map's order is the order candidates were last tried in.
  state.triedDiffs.delete(key);
  state.triedDiffs.set(key, patch.diff);
  // A later verdict on the same patch (isolation, a re-trial) replaces the earlier one.
  const at = entry.candidates.findIndex((c) => c.patchId === patch.id);
  state.candidates.set(key, {
    ...entry,
    candidates: at >= 0 ? entry.candidates.map((c, i) => (i === at ? candidate : c)) : [...entry.candidates, candidate],
  });
}

/** Lists a root cause the repair saw, with no candidate yet (every root cause appears in the result). */
export function noteRootCause(state: LoopState, hash: string, signature: string, endpoints: readonly string[]): void {
  if (!state.candidates.has(hash)) state.candidates.set(hash, { signature, endpoints: [...endpoints], candidates: [] });
}

/** A candidate the loop rejected, as the repair agent's exclusion. */
export function rememberRejected(state: LoopState, patch: RepairPatch, diffHash: string): void {
  state.rejectedCandidates.push({
    signatureHash: patch.signature.hash,
    diffHash,
    ...(patch.recipeId ? { recipeId: patch.recipeId } : {}),
    ...(patch.patternId ? { patternId: patch.patternId } : {}),
  });
}
