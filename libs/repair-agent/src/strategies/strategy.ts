import type { ApiModel } from '@smoke-repair/smoke-validator';
import type { PatchPolicy } from '../policy/patch-policy.js';
import type { PythonProject } from '../python/python-project.js';
import type { CulpritLocation } from '../recipes/recipe.js';
import type { SourceTree } from '../source/source-tree.js';
import type { RepairAttempt, RootCause, StrategyName, Usage } from '../types.js';

/** Everything a strategy may use for one root cause. Edits are written to `tree`. */
export interface StrategyContext {
  readonly appRoot: string;
  readonly tree: SourceTree;
  readonly python: PythonProject;
  readonly culprit: CulpritLocation | null;
  readonly exception: { readonly type: string; readonly message: string } | null;
  /** 1-based attempt number for this signature (seed 004's verbosity escalation). */
  readonly attempt: number;
  /** Earlier attempts on this signature, failed ones included, for prompts and learning. */
  readonly previousAttempts: readonly RepairAttempt[];
  readonly policy: PatchPolicy;
  /** Candidates for this root cause that were tried and rejected: never proposed again. */
  readonly excluded: CandidateExclusions;
  /** The OpenAPI contract the smoke ran against, when there is one. */
  readonly contract?: ApiModel | null;
  /** The contract is the code's own (`app.openapi()`), not a document written apart from it. */
  readonly contractFromCode?: boolean;
  readonly signal?: AbortSignal;
}

/** Candidates a root cause already had rejected: by recipe, by learned pattern, by exact diff. */
export interface CandidateExclusions {
  readonly recipes: ReadonlySet<string>;
  readonly patterns: ReadonlySet<string>;
  readonly diffs: ReadonlySet<string>;
}

/** A strategy's answer: it has written its edits to the tree, or tells why nothing is needed. */
interface StrategyProposal {
  readonly summary: string;
  readonly recipeId?: string;
  readonly patternId?: string;
  readonly template?: unknown;
  readonly usage?: Usage;
  /** The cause is already fixed by an earlier patch of this round (nothing written). */
  readonly alreadyFixed?: boolean;
}

/** One way to produce a patch: learned patterns, recipes, an LLM, an agent command. */
export interface RepairStrategy {
  readonly name: StrategyName;
  propose(cause: RootCause, context: StrategyContext): Promise<StrategyProposal | null>;
}
