import { createHash } from 'node:crypto';
import type { ApiModel, Violation } from '@smoke-repair/smoke-validator';
import { createFsFileSource } from './adapters/fs-file-source.js';
import { gitApplyCheck } from './adapters/git-apply.js';
import { createPythonInspector } from './adapters/python-inspector.js';
import { unifiedDiff } from './diff/unified-diff.js';
import { patchDiffHash } from './diff/diff-hash.js';
import { groupRootCauses } from './group-root-causes.js';
import { generalizeEdits } from './learning/generalize.js';
import { signatureClassOf } from './learning/signature-class.js';
import { handlerLocation } from './handler-location.js';
import { withTestEndpoint } from './test-endpoint.js';
import { locateCulprit } from './localize.js';
import { culpritRewritten, remapCulprit } from './recipes/remap-culprit.js';
import {
  checkPatchShape,
  patchPolicySchema,
  type PatchPolicy,
  type PatchPolicyInput,
  type ReservedPath,
} from './policy/patch-policy.js';
import type { PythonInspector } from './python/module-summary.js';
import { createPythonProject } from './python/python-project.js';
import { createSourceTree, type FileSource, type SourceTree } from './source/source-tree.js';
import { createRecipeStrategy } from './strategies/recipe-strategy.js';
import { projectLanguages } from './templates/language-support.js';
import { fixOfKey } from './templates/template.js';
import type { CandidateExclusions, RepairStrategy, StrategyContext } from './strategies/strategy.js';
import type { RepairAttempt, RepairPatch, RepairResult, RootCause } from './types.js';

/** Options of `repairFromSmokeViolations`. */
export interface RepairOptions {
  /** The app's root directory: patches never leave it. */
  readonly appRoot: string;
  /** Strategies in order; the first acceptable patch wins. Default: the built-in recipes. */
  readonly strategies?: readonly RepairStrategy[];
  readonly policy?: PatchPolicyInput;
  /** Paths the caller owns (its config, artifacts, store): protected whatever `policy` says. */
  readonly reserved?: readonly ReservedPath[];
  /** 1-based attempt number of this round (verbosity escalation for LLM/command strategies). */
  readonly attempt?: number;
  /** Earlier attempts (all signatures); each strategy sees those of its own signature. */
  readonly previousAttempts?: readonly RepairAttempt[];
  /** Python interpreter for the project index (default `python3`). */
  readonly python?: string;
  /** Where files are read from (default: the app root on disk). */
  readonly files?: FileSource;
  readonly inspector?: PythonInspector;
  /** Candidates verified and rejected earlier (the loop's verdicts): not proposed again. */
  readonly rejected?: readonly RejectedCandidate[];
  /** The OpenAPI contract the smoke ran against: templates use its documented statuses and schemas. */
  readonly contract?: ApiModel | null;
  /** The contract is the app's own `app.openapi()`, not a contract file (test-command mode). */
  readonly contractFromCode?: boolean;
  readonly signal?: AbortSignal;
}

/** A candidate the loop rejected: which root cause (signature hash), what produced it, its diff. */
export interface RejectedCandidate {
  readonly signatureHash: string;
  readonly recipeId?: string;
  readonly patternId?: string;
  readonly diffHash: string;
}

export { patchDiffHash };

function exclusionsFor(rejected: readonly RejectedCandidate[], signatureHash: string): CandidateExclusions {
  const own = rejected.filter((r) => r.signatureHash === signatureHash);
  return {
    recipes: new Set(own.flatMap((r) => (r.recipeId ? [r.recipeId] : []))),
    patterns: new Set(own.flatMap((r) => (r.patternId ? [r.patternId] : []))),
    diffs: new Set(own.map((r) => r.diffHash)),
  };
}

/**
 * Seed 000's `repair_from_smoke_violations`: groups violations into root causes, and for each
 * asks the strategies in order for a patch; every patch must pass the policy (size, paths,
 * protected files, `git apply --check`) or it is rejected with its reason. Patches are computed
 * on an overlay of the tree — the user's files are not touched — and compose in order.
 */
export async function repairFromSmokeViolations(
  violations: readonly Violation[],
  options: RepairOptions,
): Promise<RepairResult> {
  const policy: PatchPolicy = {
    ...patchPolicySchema.parse(options.policy ?? {}),
    ...(options.reserved ? { reserved: options.reserved } : {}),
  };
  const tree = createSourceTree(options.files ?? createFsFileSource(options.appRoot));
  const python = createPythonProject(
    tree,
    options.inspector ?? createPythonInspector(options.python ? { python: options.python } : {}),
  );
  const strategies = options.strategies ?? [createRecipeStrategy()];
  // A failing test names the operation it exercised only through its code: look it up, so the
  // templates that follow the contract work in test-command mode too.
  const contract = options.contract ?? null;
  const located = contract
    ? await Promise.all(violations.map((v) => withTestEndpoint(v, contract, tree, python)))
    : violations;
  const rootCauses = groupRootCauses(located);
  const attempts: RepairAttempt[] = [];
  const patches: RepairPatch[] = [];
  for (const cause of rootCauses) {
    options.signal?.throwIfAborted();
    // A hang or a silent crash has no trace: its handler, from the route index, is where to look.
    const located = (await locateCulprit(cause.trace, tree)) ?? (await handlerLocation(cause, tree, python));
    if (await culpritRewritten(tree, located)) {
      // Two failures at one line (two tests of one bug): the first one's patch answers both.
      const where = `${located!.file}:${located!.line}`;
      attempts.push({
        rootCause: cause.id,
        signature: cause.signature.key,
        strategy: strategies[0]?.name ?? 'recipe',
        outcome: 'no_proposal',
        detail:
          `deferred: a patch of this round already rewrote ${where}, where ${cause.signature.key} fails; its ` +
          `verdict comes first`,
        durationMs: 0,
      });
      continue;
    }
    const context: StrategyContext = {
      appRoot: options.appRoot,
      tree,
      python,
      // The trace names lines as the code ran; earlier patches of this round may have moved them.
      culprit: await remapCulprit(tree, located),
      exception: cause.trace
        ? { type: cause.trace.exception.type.replace(/^builtins\./, ''), message: cause.trace.exception.message }
        : null,
      attempt: options.attempt ?? 1,
      previousAttempts: (options.previousAttempts ?? []).filter((a) => a.rootCause === cause.id),
      policy,
      excluded: exclusionsFor(options.rejected ?? [], cause.signature.hash),
      contract: options.contract ?? null,
      ...(options.contractFromCode ? { contractFromCode: true } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    };
    for (const strategy of strategies) {
      const attempt = await tryStrategy(strategy, cause, context, tree, policy, patches.length);
      attempts.push(attempt.attempt);
      if (attempt.patch) patches.push(attempt.patch);
      if (attempt.attempt.outcome === 'patched' || attempt.attempt.outcome === 'already_fixed') break;
    }
  }
  const files = [...new Set(patches.flatMap((p) => p.files))].sort();
  return { rootCauses, attempts, patches, filesFixed: files.length, files };
}

async function tryStrategy(
  strategy: RepairStrategy,
  cause: RootCause,
  context: StrategyContext,
  tree: SourceTree,
  policy: PatchPolicy,
  index: number,
): Promise<{ attempt: RepairAttempt; patch?: RepairPatch }> {
  const started = Date.now();
  const base = { rootCause: cause.id, signature: cause.signature.key, strategy: strategy.name };
  const mark = tree.mark();
  const done = (
    outcome: RepairAttempt['outcome'],
    detail: string,
    extra: Partial<RepairAttempt> = {},
  ): RepairAttempt => ({
    ...base,
    outcome,
    detail,
    durationMs: Date.now() - started,
    ...extra,
  });
  let proposal;
  try {
    proposal = await strategy.propose(cause, context);
  } catch (error) {
    tree.rollback(mark);
    return { attempt: done('failed', String((error as Error | null)?.message ?? error)) };
  }
  if (!proposal) {
    tree.rollback(mark);
    return { attempt: done('no_proposal', `${strategy.name}: no fix for ${cause.signature.key}`) };
  }
  const ids = {
    ...(proposal.recipeId ? { recipeId: proposal.recipeId } : {}),
    ...(proposal.patternId ? { patternId: proposal.patternId } : {}),
    ...(proposal.usage ? { usage: proposal.usage } : {}),
  };
  if (proposal.alreadyFixed) {
    tree.rollback(mark);
    return { attempt: done('already_fixed', proposal.summary, ids) };
  }
  const edits = await tree.editsSince(mark);
  const { diff, changedLines } = unifiedDiff(edits);
  if (context.excluded.diffs.has(patchDiffHash(diff))) {
    tree.rollback(mark);
    return {
      attempt: done('rejected', `${strategy.name}: proposed the patch already rejected for ${cause.signature.key}`, {
        ...ids,
        rule: 'already_rejected',
      }),
    };
  }
  const shape = checkPatchShape(edits, changedLines, policy);
  const escape = shape
    ? null
    : await symlinkEscape(
        tree,
        edits.map((e) => e.path),
      );
  const applyError = shape || escape ? null : await gitApplyCheck(diff, edits);
  const rejection = shape
    ? { rule: shape.rule, detail: shape.message }
    : escape
      ? { rule: 'symlink_escape', detail: escape }
      : applyError
        ? { rule: 'does_not_apply', detail: applyError }
        : null;
  if (rejection) {
    tree.rollback(mark);
    return { attempt: done('rejected', rejection.detail, { ...ids, rule: rejection.rule }) };
  }
  const template =
    proposal.template && typeof proposal.template === 'object' && 'kind' in proposal.template
      ? proposal.template
      : proposal.recipeId
        ? // A learned pattern names the fix, not the site it was made at this time (siteKey).
          { kind: 'recipe', recipe: fixOfKey(proposal.recipeId) }
        : await generalizeEdits(edits, context.culprit, context.exception?.message ?? '', context.python).catch(
            () => null,
          );
  const language = cause.trace?.language ?? (await projectLanguages(tree))[0];
  const patch: RepairPatch = {
    id: `p${index + 1}-${createHash('sha256').update(diff).digest('hex').slice(0, 8)}`,
    rootCause: cause.id,
    signature: cause.signature,
    endpoints: cause.endpoints,
    failures: [...new Set(cause.violations.map((v) => v.scenarioId ?? v.nodeid ?? v.endpoint))],
    strategy: strategy.name,
    summary: proposal.summary,
    diff,
    files: edits.map((e) => e.path),
    changedLines,
    ...ids,
    ...(template && language
      ? { pattern: { signatureClass: signatureClassOf(cause), language, template, description: proposal.summary } }
      : {}),
  };
  return { attempt: done('patched', proposal.summary, ids), patch };
}

async function symlinkEscape(tree: SourceTree, paths: readonly string[]): Promise<string | null> {
  for (const path of paths)
    if (await tree.escapesRoot(path)) return `${path} leads outside the app root through a symlink`;
  return null;
}
