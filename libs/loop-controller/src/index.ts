/**
 * @smoke-repair/loop-controller — the smoke → repair → verify → learn loop with budgets,
 * journaled checkpoints and rollback, the escalation bundle; the programmatic API.
 */
export { runRepairLoop, createRepairLoop, type RunRepairLoopOptions } from './run-repair-loop.js';
export { repairPatternHints } from './pattern-hints.js';
export {
  loadRepairLoopConfig,
  parseRepairLoopConfig,
  findRepairLoopConfig,
  defineConfig,
  CONFIG_FILE_NAMES,
  loopSectionSchema,
  repairSectionSchema,
  patternsSectionSchema,
  loopConfigSectionsSchema,
  type RepairLoopConfig,
  type RepairLoopConfigInput,
} from './config/loop-config.js';
export { assertConfigPaths, type PathChecks } from './config/check-paths.js';
export { repairLoopConfigJsonSchema } from './config/config-json-schema.js';
export {
  loopResultSchema,
  escalationBundleSchema,
  escalationReasonSchema,
  iterationRecordSchema,
  smokeSummarySchema,
  loopResultJsonSchema,
  escalationBundleJsonSchema,
  type LoopResult,
  type EscalationBundle,
  type EscalationReason,
  type IterationRecord,
  type SmokeSummary,
} from './loop/loop-result.js';
export type { LoopEvent } from './loop/events.js';
export type { LoopDeps, SmokeOutcome, SmokeRequest } from './loop/loop-deps.js';
export type { Workspace, PatchToApply } from './workspace/workspace.js';
export { openJournaledWorkspace, recoverJournals } from './adapters/journaled-workspace.js';
export { defaultJournalRoot, userJournalDir } from './adapters/journal-dir.js';
export { loopSecrets } from './adapters/redaction.js';
export { sweepLeftovers, sweepOptionsFor, type SweepOptions } from './adapters/leftovers.js';
export { runSandboxedSmoke } from './adapters/sandboxed-smoke.js';
export type { Sandbox } from './sandbox/sandbox.js';
export { createRealLoopDeps, type ExtraStrategies } from './adapters/real-loop-deps.js';
export { summarizeSmoke, findRegressions } from './loop/summarize.js';
export { LoopError, type LoopErrorCode } from './errors.js';
export {
  acquireAppLock,
  acquireRunLocks,
  defaultStateDir,
  AppLockedError,
  AppLockDirError,
  type AppLock,
  type AppLockOptions,
  type LockHolder,
} from './lock/app-lock.js';
export { renderLoopHtml, renderLoopSection, type LoopView } from './report/loop-html.js';
export { commitToNewBranch, type BranchCommitOptions } from './adapters/branch-commit.js';
