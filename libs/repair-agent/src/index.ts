/**
 * @smoke-repair/repair-agent — localise each root cause of a smoke run and produce a bounded,
 * safe patch: learned patterns → built-in recipes → an LLM → an agent command.
 */
export { repairFromSmokeViolations, patchDiffHash, type RepairOptions, type RejectedCandidate } from './repair.js';
export { createRecipeStrategy } from './strategies/recipe-strategy.js';
export { createPatternStrategy } from './strategies/pattern-strategy.js';
export { signatureClassOf } from './learning/signature-class.js';
export { generalizeEdits } from './learning/generalize.js';
export { describeFixTemplate } from './learning/template-rule.js';
export { abstractEdit, instantiateEdit } from './learning/edit-template.js';
export type { RepairStrategy } from './strategies/strategy.js';
export { createLlmStrategy, LlmStrategyError } from './strategies/llm/llm-strategy.js';
export { llmStrategyOptionsSchema, type LlmStrategyOptions } from './strategies/llm/llm-options.js';
export { type ChatClient } from './strategies/llm/chat-client.js';
export { createOpenAiChatClient } from './adapters/openai-chat-client.js';
export { buildRepairPrompt } from './strategies/llm/prompt.js';
export { buildRepairContext, type RepairContextDocument } from './strategies/llm/repair-context.js';
export { parseEditAnswer } from './strategies/llm/edits/parse-edit-answer.js';
export { applyEdits } from './strategies/llm/edits/apply-edits.js';
export { createChatInvestigator, buildPublicQuestion } from './strategies/llm/investigators.js';
export { createCommandStrategy } from './adapters/command-strategy.js';
export { findConfinement, type Confinement } from './adapters/agent-confinement.js';
export {
  commandStrategyOptionsSchema,
  type CommandStrategyDefaults,
  type CommandStrategyOptions,
} from './strategies/command/command-options.js';
export { LANGUAGES, pythonSupport, nodeSupport, type LanguageSupport } from './templates/language-support.js';
export { type RepairTemplate } from './templates/template.js';
export { patchPolicySchema, globMatches, isInsideRoot, type ReservedPath } from './policy/patch-policy.js';
export { unifiedDiff } from './diff/unified-diff.js';
export { gitApplyInScratch } from './adapters/git-apply.js';
export { RepairAgentError, type RepairAgentErrorCode } from './errors.js';
export type {
  RepairAttempt,
  RepairPatch,
  RepairResult,
  RootCause,
  RootCauseKind,
  StrategyName,
  Usage,
} from './types.js';
