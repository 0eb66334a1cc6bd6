// Public surface of @smoke-repair/smoke-validator: a hand-picked list; everything else is internal.

// Runners
export type { AppRunner, AppExit, AppLogs, HealthResult, LogEntry } from './runner/app-runner.js';
export { createProcessRunner } from './adapters/process-runner.js';
export type { ProcessRunnerOptions } from './runner/process-options.js';
export { createDockerRunner } from './adapters/docker-runner.js';
export type { DockerRunnerOptions } from './runner/docker-options.js';
export { RUNNER_LABEL as DOCKER_RUNNER_LABEL } from './runner/docker-options.js';

// Freshness (before each smoke run) and the port-listener record (escalation bundle)
export { createFreshnessCheck } from './adapters/freshness-check.js';
export type { FreshnessReport } from './freshness/check-freshness.js';
export { findPortListener } from './adapters/port-listener.js';

// Loopback policy

// Errors
export {
  SmokeRepairError,
  SmokeValidatorError,
  type SmokeValidatorErrorCode,
  InvalidOptionsError,
  NonLoopbackTargetError,
  PortBusyError,
  ForeignListenerError,
  AppExitedError,
  AppStartTimeoutError,
  RunnerStateError,
  StaleServiceError,
  DockerUnavailableError,
  DockerClientMissingError,
  DockerBuildError,
  DockerImageMissingError,
  ContainerNameTakenError,
  SmokeInterruptedError,
} from './errors.js';

// Test-command mode (pytest / vitest / jest through JUnit XML)
export { testCommandConfigSchema, type TestCommandConfig, type TestFramework } from './test-command/config.js';
export { createTestCommandRunner } from './adapters/test-command-runner.js';
export type { TestCommandRun } from './test-command/test-command-runner.js';
export { MAX_JUNIT_BYTES, MAX_JUNIT_CASES } from './test-command/junit-xml.js';
export { CappedOutput, MAX_CAPTURED_OUTPUT_BYTES } from './output/capped-output.js';
export { captureStream } from './output/capture-stream.js';
export { MAX_TEST_LOG_BYTES } from './output/capped-sink.js';
export { MAX_TAIL_LINE_CHARS } from './test-command/execute.js';
export { JunitParseError, TestCommandError } from './test-command/errors.js';

// Results (DESIGN §3), shared by HTTP smoke and test-command mode
export { smokeResultSchema, smokeResultJsonSchema } from './smoke-result.js';
export type {
  Violation,
  ViolationKind,
  Crash,
  ScenarioResult,
  ScenarioStatus,
  EndpointResult,
  SmokeResult,
  SmokeStackTrace,
} from './smoke-result.js';

// HTTP smoke: config, the top-level run, and the steps it is made of
export { smokeConfigSchema } from './config/smoke-config.js';
export type { SmokeConfig, SmokeConfigInput } from './config/smoke-config.js';
export { nearestName, strictWithHints } from './config/strict-keys.js';
export { configIssuesText } from './config/issues-text.js';
export {
  scenarioFilter,
  parseKeywordExpression,
  KeywordExpressionError,
  type ScenarioSelection,
} from './http/select-scenarios.js';
export { parseSmokeConfig } from './config/load-config.js';
export { loadSmokeConfig } from './adapters/load-smoke-config.js';
export { runSmoke, writeSmokeReports } from './smoke/run-smoke.js';
export { startInterruptibly } from './smoke/start-interruptibly.js';
export { ownerEnv, ownerLabel, reapLeftoverProcesses } from './adapters/leftover-processes.js';
export {
  currentContainerOwner,
  removeLeftoverContainers,
  setContainerOwnerLock,
} from './adapters/leftover-containers.js';
export {
  LOCK_LABEL as DOCKER_LOCK_LABEL,
  OWNER_HOST_LABEL as DOCKER_OWNER_HOST_LABEL,
  OWNER_LABEL as DOCKER_OWNER_LABEL,
} from './runner/container-owner.js';
export { makeScratchDir, removeOrphanScratchDirs, SCRATCH_OWNER_FILE } from './adapters/scratch-dirs.js';
export type { RunSmokeOptions, SmokeEvent, SmokeRun, SmokeReportPaths } from './smoke/run-smoke.js';
export { findTestModeContract } from './adapters/test-mode-contract.js';
export { createRunnerFromConfig } from './smoke/runner-from-config.js';
export { loadOpenApi } from './adapters/load-openapi.js';
export { buildApiModel } from './http/openapi/api-model.js';
export type { ApiModel, ApiOperation, ApiResponse, JsonSchema } from './http/openapi/api-model.js';
export { generateScenarios } from './http/generate/generate-scenarios.js';
export type { GenerateOptions } from './http/generate/generate-scenarios.js';
export { freshSeed } from './http/generate/seed.js';
export { inferResources } from './http/generate/resources.js';
export { orderScenarios } from './http/order-scenarios.js';
export { executeScenarios } from './http/execute-scenarios.js';
export { createCrashGuard } from './http/crash-guard.js';
export type { Scenario } from './http/scenario.js';
export { scenarioFileSchema } from './http/scenario-file.js';
export { attributeTraces } from './http/attribute-traces.js';
export type { Attribution } from './http/attribute-traces.js';
export { syntheticSignature } from './http/build-result.js';
export { createFetchHttpClient } from './adapters/fetch-http-client.js';
export { createStreamLogSource } from './logs/stream-log-source.js';
export { JVM_SOURCE, listSourceFiles } from './adapters/source-files.js';
export { createSourceMapResolver } from './adapters/source-maps.js';
export { redactText, redactDeep, REDACTED } from './http/redact.js';
export { smokeSecrets } from './smoke/smoke-secrets.js';
export { envSecretValues, runSecrets } from './http/secret-values.js';
export { renderJunitReport } from './report/junit-report.js';
export { renderHtmlReport } from './report/html-report.js';
export type { HtmlReportOptions } from './report/html-report.js';
export { groupViolations } from './report/group-violations.js';
export type { ViolationGroup } from './report/group-violations.js';
export { renderJsonReport } from './report/json-report.js';
export { OpenApiInvalidError, ScenarioFileError, ConfigError, BaseUrlUnreachableError } from './errors.js';
