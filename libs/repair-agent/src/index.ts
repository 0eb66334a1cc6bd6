/**
 * @smoke-repair/repair-agent — localise each root cause of a smoke run and produce a bounded,
 * safe patch: learned patterns → built-in recipes → an LLM → an agent command.
 */
export { repairFromSmokeViolations, patchDiffHash, type RepairOptions, type RejectedCandidate } from './repair.js';
export { groupRootCauses } from './group-root-causes.js';
export { locateCulprit, codeAround } from './localize.js';
export { createRecipeStrategy } from './strategies/recipe-strategy.js';
export { createPatternStrategy, type PatternStrategyOptions } from './strategies/pattern-strategy.js';
export { signatureClassOf } from './learning/signature-class.js';
export { generalizeEdits } from './learning/generalize.js';
export { describeFixTemplate } from './learning/template-rule.js';
export {
  abstractEdit,
  instantiateEdit,
  fixTemplateSchema,
  editTemplateSchema,
  type EditTemplate,
  type FixTemplate,
} from './learning/edit-template.js';
export type { RepairStrategy, StrategyContext, StrategyProposal } from './strategies/strategy.js';
export { createLlmStrategy, LlmStrategyError } from './strategies/llm/llm-strategy.js';
export { llmStrategyOptionsSchema, type LlmStrategyOptions } from './strategies/llm/llm-options.js';
export {
  ChatClientError,
  type ChatClient,
  type ChatMessage,
  type ChatRequest,
  type ChatResponse,
} from './strategies/llm/chat-client.js';
export { createOpenAiChatClient, type OpenAiChatClientOptions } from './adapters/openai-chat-client.js';
export { buildRepairPrompt, renderRepairContext, repairInstructions } from './strategies/llm/prompt.js';
export { buildRepairContext, type RepairContextDocument, type OpenApiSource } from './strategies/llm/repair-context.js';
export { parseEditAnswer } from './strategies/llm/edits/parse-edit-answer.js';
export { applyEdits, type AppliedEdits } from './strategies/llm/edits/apply-edits.js';
export { EditApplyError, type ModelEdit, type ParsedEditAnswer } from './strategies/llm/edits/edit.js';
export {
  createChatInvestigator,
  buildPublicQuestion,
  type Investigator,
  type InvestigatorAnswer,
  type PrivateQuestion,
  type PublicQuestion,
  type ChatInvestigatorOptions,
} from './strategies/llm/investigators.js';
export { createCommandStrategy } from './strategies/command/command-strategy.js';
export {
  findConfinement,
  type Confinement,
  type AgentNetwork,
  type ConfineMode,
} from './adapters/agent-confinement.js';
export {
  commandStrategyOptionsSchema,
  type CommandStrategyDefaults,
  type CommandStrategyOptions,
} from './strategies/command/command-options.js';
export { pythonRecipes } from './recipes/python/index.js';
export { nodeRecipes } from './recipes/node/index.js';
export { builtInRecipes } from './strategies/recipe-strategy.js';
export {
  LANGUAGES,
  pythonSupport,
  nodeSupport,
  projectLanguages,
  languageOfTrace,
  builtInTemplates,
  type LanguageSupport,
} from './templates/language-support.js';
export {
  recipeTemplate,
  hasEvidence,
  operationOf,
  type RepairTemplate,
  type TemplateCandidate,
  type TemplateContext,
  type TemplateEvidence,
} from './templates/template.js';
export { createNodeProject, type NodeProject, type JsBindingTarget } from './node/node-project.js';
export type {
  JsModule,
  JsFunction,
  JsCall,
  JsImport,
  JsExport,
  JsDefinition,
  JsClass,
  JsShape,
  JsRouteCall,
  JsMount,
} from './node/js-module.js';
export type { Recipe, RecipeContext, RecipeOutcome, CulpritLocation } from './recipes/recipe.js';
export {
  patchPolicySchema,
  checkPatchShape,
  globMatches,
  isInsideRoot,
  type PatchPolicy,
  type PatchPolicyInput,
  type PolicyViolation,
  type ReservedPath,
} from './policy/patch-policy.js';
export { unifiedDiff } from './diff/unified-diff.js';
export { createSourceTree, type FileSource, type SourceTree } from './source/source-tree.js';
export { createFsFileSource } from './adapters/fs-file-source.js';
export { createPythonInspector } from './adapters/python-inspector.js';
export { gitApplyInScratch, gitApplyCheck, type GitApplyResult } from './adapters/git-apply.js';
export type { PythonInspector, ModuleSummary } from './python/module-summary.js';
export { RepairAgentError, type RepairAgentErrorCode } from './errors.js';
export type {
  FileEdit,
  RepairAttempt,
  RepairPatch,
  RepairResult,
  RootCause,
  RootCauseKind,
  StrategyName,
  Usage,
} from './types.js';
