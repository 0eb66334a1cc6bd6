// Public surface of @smoke-repair/smoke-validator: a hand-picked list; everything else is internal.

// Runners
export type {
  AppRunner,
  AppExit,
  AppLogs,
  HealthResult,
  LogEntry,
  LogStream,
  RunnerState,
} from './runner/app-runner.js';
export { createProcessRunner, type RunnerExtras } from './adapters/process-runner.js';
export type { ProcessRunnerOptions } from './runner/process-options.js';
export { processRunnerOptionsSchema } from './runner/process-options.js';
export { createDockerRunner } from './adapters/docker-runner.js';
export type { DockerRunnerOptions } from './runner/docker-options.js';
export { dockerRunnerOptionsSchema, RUNNER_LABEL as DOCKER_RUNNER_LABEL } from './runner/docker-options.js';

// Freshness (before each smoke run) and the port-listener record (escalation bundle)
export { createFreshnessCheck } from './adapters/freshness-check.js';
export type { FreshnessCheck } from './adapters/freshness-check.js';
export type { FreshnessCheckContext, FreshnessReport } from './freshness/check-freshness.js';
export type { FreshnessExpectations, FreshnessProbe } from './freshness/evaluate.js';
export type { FreshnessOptions } from './freshness/freshness-options.js';
export { freshnessOptionsSchema } from './freshness/freshness-options.js';
export { findPortListener } from './adapters/port-listener.js';

// Loopback policy
export { isLoopbackHost } from './net/loopback.js';

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
export { testCommandConfigSchema, testFrameworkSchema, DEFAULT_TEST_COMMAND } from './test-command/config.js';
export type { TestCommandConfig, ParsedTestCommandConfig, TestFramework } from './test-command/config.js';
export { createTestCommandRunner } from './adapters/test-command-runner.js';
export type { TestCommandRunner, TestCommandRun } from './test-command/test-command-runner.js';
export type { TestRunRequest } from './test-command/plan-command.js';
export { resolveTestCommandConfig } from './test-command/resolve-config.js';
export type { ResolvedTestCommand } from './test-command/resolve-config.js';
export { parseJunitXml, readJunitReport, MAX_JUNIT_BYTES, MAX_JUNIT_CASES } from './test-command/junit-xml.js';
export type { JunitCase, JunitOutcome, JunitReport } from './test-command/junit-xml.js';
export { CappedOutput, MAX_CAPTURED_OUTPUT_BYTES, truncationMarker } from './output/capped-output.js';
export { captureStream } from './output/capture-stream.js';
export { MAX_TEST_LOG_BYTES } from './output/capped-sink.js';
export { MAX_TAIL_LINE_CHARS } from './test-command/execute.js';
export { testFailureSignature } from './test-command/test-signature.js';
export type { TestFailureSignatureInput } from './test-command/test-signature.js';
export { JunitParseError, TestCommandError } from './test-command/errors.js';

// Results (DESIGN §3), shared by HTTP smoke and test-command mode
export {
  violationSchema,
  violationKindSchema,
  crashSchema,
  scenarioStatusSchema,
  scenarioResultSchema,
  endpointResultSchema,
  smokeResultSchema,
  smokeResultJsonSchema,
  violationJsonSchema,
  summarizeScenarios,
} from './smoke-result.js';
export type {
  Violation,
  ViolationKind,
  Crash,
  ScenarioStatus,
  ScenarioResult,
  EndpointResult,
  SmokeResult,
  SmokeStackTrace,
} from './smoke-result.js';

// HTTP smoke: config, the top-level run, and the steps it is made of
export {
  smokeConfigSchema,
  smokeConfigJsonSchema,
  appConfigSchema,
  smokeSectionSchema,
} from './config/smoke-config.js';
export type { SmokeConfig, SmokeConfigInput } from './config/smoke-config.js';
export { nearestName, strictWithHints } from './config/strict-keys.js';
export { configIssuesText } from './config/issues-text.js';
export {
  scenarioFilter,
  parseKeywordExpression,
  scenarioSelectionSchema,
  KeywordExpressionError,
  type ScenarioSelection,
} from './http/select-scenarios.js';
export { loadSmokeConfig, parseSmokeConfig } from './config/load-config.js';
export { runSmoke, writeSmokeReports } from './smoke/run-smoke.js';
export { startInterruptibly } from './smoke/start-interruptibly.js';
export {
  findLeftoverProcesses,
  ownerEnv,
  ownerLabel,
  reapLeftoverProcesses,
  OWNER_ENV,
  type LeftoverProcess,
} from './adapters/leftover-processes.js';
export {
  currentContainerOwner,
  removeLeftoverContainers,
  setContainerOwnerLock,
} from './adapters/leftover-containers.js';
export {
  LOCK_LABEL as DOCKER_LOCK_LABEL,
  OWNER_HOST_LABEL as DOCKER_OWNER_HOST_LABEL,
  OWNER_LABEL as DOCKER_OWNER_LABEL,
  type ContainerOwner,
  type RemovedContainer,
} from './runner/container-owner.js';
export { makeScratchDir, removeOrphanScratchDirs, SCRATCH_OWNER_FILE } from './adapters/scratch-dirs.js';
export type { RunSmokeOptions, SmokeEvent, SmokeRun, SmokeReportPaths } from './smoke/run-smoke.js';
export { findTestModeContract } from './adapters/test-mode-contract.js';
export type { TestContract } from './test-command/test-contract.js';
export { createRunnerFromConfig } from './smoke/runner-from-config.js';
export { loadOpenApi } from './http/openapi/load-openapi.js';
export { buildApiModel } from './http/openapi/api-model.js';
export type { ApiModel, ApiOperation, ApiParameter, ApiResponse, JsonSchema } from './http/openapi/api-model.js';
export { generateScenarios } from './http/generate/generate-scenarios.js';
export type { GenerateOptions } from './http/generate/generate-scenarios.js';
export { freshSeed } from './http/generate/seed.js';
export { inferResources } from './http/generate/resources.js';
export type { Resource, ResourceIndex } from './http/generate/resources.js';
export { sampleValue } from './http/generate/sample-value.js';
export { orderScenarios } from './http/order-scenarios.js';
export type { ScenarioPlan } from './http/order-scenarios.js';
export { executeScenarios } from './http/execute-scenarios.js';
export type { ExecuteOptions, ScenarioRun, SentRequest } from './http/execute-scenarios.js';
export { createCrashGuard } from './http/crash-guard.js';
export type { CrashGuard, CrashGuardOptions, CrashRecord, SendTicket } from './http/crash-guard.js';
export type { Scenario, Binding, OperationRole } from './http/scenario.js';
export { loadScenarioFile, fileScenarios, scenarioFileSchema } from './http/scenario-file.js';
export type { ScenarioFile } from './http/scenario-file.js';
export { attributeTraces } from './http/attribute-traces.js';
export type { Attribution, AttributableRequest } from './http/attribute-traces.js';
export { buildSmokeResult, syntheticSignature } from './http/build-result.js';
export type { HttpClient, HttpRequest, HttpResponse, HttpFailure } from './http/http-client.js';
export { createFetchHttpClient } from './adapters/fetch-http-client.js';
export { createFileLogSource } from './logs/file-log-source.js';
export { createStreamLogSource } from './logs/stream-log-source.js';
export type { FileLogSource } from './logs/file-log-source.js';
export { JVM_SOURCE, listSourceFiles } from './logs/source-files.js';
export { createSourceMapResolver } from './logs/source-maps.js';
export { redactText, redactDeep, redactHeaders, redactUrl, redactValue, REDACTED } from './http/redact.js';
export { smokeSecrets } from './smoke/smoke-secrets.js';
export {
  commandLineSecrets,
  envSecretValues,
  runSecrets,
  uriPasswords,
  SECRET_ENV_NAME,
} from './http/secret-values.js';
export { writeJunitReport, renderJunitReport } from './report/junit-report.js';
export { writeHtmlReport, renderHtmlReport } from './report/html-report.js';
export type { HtmlReportOptions } from './report/html-report.js';
export { groupViolations } from './report/group-violations.js';
export type { ViolationGroup } from './report/group-violations.js';
export { writeJsonReport, renderJsonReport } from './report/json-report.js';
export { OpenApiInvalidError, ScenarioFileError, ConfigError, BaseUrlUnreachableError } from './errors.js';
