// Public surface of @smoke-repair/smoke-validator: a hand-picked list; everything else is internal.

// Runners
export type { AppRunner, AppLogs, HealthResult, LogEntry, LogStream, RunnerState } from './runner/app-runner.js';
export { createProcessRunner } from './adapters/process-runner.js';
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
  InvalidOptionsError,
  NonLoopbackTargetError,
  PortBusyError,
  AppExitedError,
  AppStartTimeoutError,
  RunnerStateError,
  StaleServiceError,
  DockerUnavailableError,
  DockerBuildError,
  DockerImageMissingError,
} from './errors.js';

// Test-command mode (pytest / vitest / jest through JUnit XML)
export { testCommandConfigSchema, testFrameworkSchema, DEFAULT_TEST_COMMAND } from './test-command/config.js';
export type { TestCommandConfig, ParsedTestCommandConfig, TestFramework } from './test-command/config.js';
export { createTestCommandRunner } from './adapters/test-command-runner.js';
export type { TestCommandRunner, TestCommandRun } from './test-command/test-command-runner.js';
export type { TestRunRequest } from './test-command/plan-command.js';
export { resolveTestCommandConfig } from './test-command/resolve-config.js';
export type { ResolvedTestCommand } from './test-command/resolve-config.js';
export { parseJunitXml } from './test-command/junit-xml.js';
export type { JunitCase, JunitOutcome } from './test-command/junit-xml.js';
export { testFailureSignature } from './test-command/test-signature.js';
export type { TestFailureSignatureInput } from './test-command/test-signature.js';
export { JunitParseError, TestCommandError } from './test-command/errors.js';

// Results (DESIGN §3), shared by HTTP smoke and test-command mode
export {
  violationSchema,
  violationKindSchema,
  scenarioStatusSchema,
  scenarioResultSchema,
  endpointResultSchema,
  smokeResultSchema,
  smokeResultJsonSchema,
  violationJsonSchema,
  summarizeScenarios,
} from './smoke-result.js';
export type { Violation, ViolationKind, ScenarioStatus, ScenarioResult, EndpointResult, SmokeResult, SmokeStackTrace } from './smoke-result.js';
