/**
 * @smoke-repair/loop-controller — the smoke → repair → verify → learn loop with budgets,
 * journaled checkpoints and rollback, the escalation bundle; the programmatic API.
 */
export { runRepairLoop, createRepairLoop, type RunRepairLoopOptions } from './run-repair-loop.js';
export { repairPatternHints } from './pattern-hints.js';
export {
  defineConfig,
  CONFIG_FILE_NAMES,
  type RepairLoopConfig,
  type RepairLoopConfigInput,
} from './config/loop-config.js';
export { loadRepairLoopConfig, findRepairLoopConfig } from './adapters/load-loop-config.js';
export { assertConfigPaths, type PathChecks } from './adapters/check-paths.js';
export { repairLoopConfigJsonSchema } from './config/config-json-schema.js';
export {
  loopResultSchema,
  escalationBundleSchema,
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
export { recoverJournals } from './adapters/journaled-workspace.js';
export { loopSecrets } from './adapters/redaction.js';
export { sweepLeftovers, sweepOptionsFor, type SweepOptions } from './adapters/leftovers.js';
export { runSandboxedSmoke } from './adapters/sandboxed-smoke.js';
export type { Sandbox } from './sandbox/sandbox.js';
export { type ExtraStrategies } from './adapters/real-loop-deps.js';
export { LoopError, type LoopErrorCode } from './errors.js';
export { acquireRunLocks, type AppLock, type AppLockOptions, type LockHolder } from './adapters/app-lock.js';
export { type LoopView } from './report/loop-html.js';
export { type BranchCommitOptions } from './adapters/branch-commit.js';
