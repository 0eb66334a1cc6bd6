/**
 * @smoke-repair/repair-agent — localise each root cause of a smoke run and produce a bounded,
 * safe patch: learned patterns → built-in recipes → an LLM → an agent command.
 */
export { repairFromSmokeViolations, type RepairOptions } from './repair.js';
export { groupRootCauses } from './group-root-causes.js';
export { locateCulprit, codeAround } from './localize.js';
export { createRecipeStrategy } from './strategies/recipe-strategy.js';
export { createPatternStrategy, type PatternStrategyOptions } from './strategies/pattern-strategy.js';
export { signatureClassOf } from './learning/signature-class.js';
export { generalizeEdits } from './learning/generalize.js';
export { abstractEdit, instantiateEdit, fixTemplateSchema, editTemplateSchema, type EditTemplate, type FixTemplate } from './learning/edit-template.js';
export type { RepairStrategy, StrategyContext, StrategyProposal } from './strategies/strategy.js';
export { pythonRecipes } from './recipes/python/index.js';
export type { Recipe, RecipeContext, RecipeOutcome, CulpritLocation } from './recipes/recipe.js';
export { patchPolicySchema, checkPatchShape, globMatches, isInsideRoot, type PatchPolicy, type PatchPolicyInput, type PolicyViolation } from './policy/patch-policy.js';
export { unifiedDiff } from './diff/unified-diff.js';
export { createSourceTree, type FileSource, type SourceTree } from './source/source-tree.js';
export { createFsFileSource } from './adapters/fs-file-source.js';
export { createPythonInspector } from './adapters/python-inspector.js';
export { gitApplyInScratch, gitApplyCheck, type GitApplyResult } from './adapters/git-apply.js';
export type { PythonInspector, ModuleSummary } from './python/module-summary.js';
export { RepairAgentError } from './errors.js';
export type { FileEdit, RepairAttempt, RepairPatch, RepairResult, RootCause, RootCauseKind, StrategyName, Usage } from './types.js';
