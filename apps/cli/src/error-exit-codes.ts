/**
 * The one table from error codes to exit codes. Every package's code union is a key type of it,
 * so a code added anywhere and forgotten here does not compile.
 */
import { SmokeRepairError, type LogParserErrorCode } from '@smoke-repair/log-parser';
import type { LoopErrorCode } from '@smoke-repair/loop-controller';
import type { PatternStoreErrorCode } from '@smoke-repair/pattern-store';
import type { RepairAgentErrorCode } from '@smoke-repair/repair-agent';
import type { SmokeValidatorErrorCode } from '@smoke-repair/smoke-validator';
import { ExitCode, type CliErrorCode, type ExitCodeValue } from './exit-codes.js';

/** Every code a smoke-repair error can carry. */
export type ErrorCode =
  | LogParserErrorCode
  | SmokeValidatorErrorCode
  | PatternStoreErrorCode
  | RepairAgentErrorCode
  | LoopErrorCode
  | CliErrorCode;

const { Findings, Usage, Internal } = ExitCode;

// Usage (2): what the user fixes — the config, an input file, a flag, the environment the app
// needs (a port, Docker, a lock another run holds). Internal (3): smoke-repair's own bug or a
// failure the loop normally turns into a value. Findings (1): an interrupt, as a smoke reports it.
const EXIT_CODE_OF: Record<ErrorCode, ExitCodeValue> = {
  SMOKE_CLI_USAGE: Usage,
  SMOKE_LOG_PARSER_OPTIONS: Usage,
  // smoke-validator
  SMOKE_INVALID_OPTIONS: Usage,
  SMOKE_CONFIG_INVALID: Usage,
  SMOKE_OPENAPI_INVALID: Usage,
  SMOKE_SCENARIOS_INVALID: Usage,
  SMOKE_KEYWORD_EXPRESSION: Usage,
  SMOKE_NON_LOOPBACK_TARGET: Usage,
  SMOKE_BASE_URL_UNREACHABLE: Usage,
  SMOKE_PORT_BUSY: Usage,
  SMOKE_PORT_FOREIGN_LISTENER: Usage,
  SMOKE_APP_EXITED: Usage,
  SMOKE_APP_START_TIMEOUT: Usage,
  SMOKE_STALE_SERVICE: Usage,
  SMOKE_DOCKER_UNAVAILABLE: Usage,
  SMOKE_DOCKER_CLIENT_MISSING: Usage,
  SMOKE_DOCKER_IMAGE_MISSING: Usage,
  SMOKE_DOCKER_BUILD_FAILED: Usage,
  SMOKE_CONTAINER_NAME_TAKEN: Usage,
  // A JUnit report that is not XML (binary, malformed, an external entity) is bad input, not a bug.
  SMOKE_JUNIT_PARSE: Usage,
  SMOKE_TEST_COMMAND_FAILED: Usage,
  SMOKE_INTERRUPTED: Findings,
  SMOKE_RUNNER_STATE: Internal,
  // pattern-store: a store URI, an import file, a store that is down or refuses the credentials
  SMOKE_PATTERN_STORE_INVALID_URI: Usage,
  SMOKE_PATTERN_STORE_INVALID_INPUT: Usage,
  SMOKE_PATTERN_STORE_INVALID_IMPORT: Usage,
  SMOKE_PATTERN_STORE_LOCK_TIMEOUT: Usage,
  SMOKE_PATTERN_STORE_IO: Usage,
  SMOKE_PATTERN_STORE_UNAVAILABLE: Usage,
  SMOKE_PATTERN_STORE_AUTH_FAILED: Usage,
  SMOKE_PATTERN_STORE_CLOSED: Internal,
  // repair-agent: options are configuration; the rest are attempts the loop records as values
  SMOKE_COMMAND_OPTIONS: Usage,
  SMOKE_COMMAND_UNCONFINED: Usage,
  SMOKE_LLM_OPTIONS: Usage,
  SMOKE_COMMAND_ABORTED: Internal,
  SMOKE_COMMAND_DELETED_FILES: Internal,
  SMOKE_COMMAND_FAILED: Internal,
  SMOKE_COMMAND_TIMEOUT: Internal,
  SMOKE_LLM_ALREADY_REJECTED: Internal,
  SMOKE_LLM_BAD_RESPONSE: Internal,
  SMOKE_LLM_DIFF_DOES_NOT_APPLY: Internal,
  SMOKE_LLM_EMPTY_DIFF: Internal,
  SMOKE_LLM_FAILED: Internal,
  SMOKE_LLM_HTTP: Internal,
  SMOKE_LLM_MALFORMED_DIFF: Internal,
  SMOKE_LLM_NETWORK: Internal,
  SMOKE_LLM_SYNTAX_ERROR: Internal,
  SMOKE_LLM_TIMEOUT: Internal,
  SMOKE_LLM_TRUNCATED: Internal,
  SMOKE_PYTHON_INSPECTOR_FAILED: Internal,
  SMOKE_PYTHON_SYNTAX_CHECK_FAILED: Internal,
  // loop-controller
  SMOKE_APP_LOCKED: Usage,
  SMOKE_LOCK_DIR_UNSAFE: Usage,
  SMOKE_LOOP_BRANCH_EXISTS: Usage,
  SMOKE_LOOP_BRANCH_INVALID: Usage,
  SMOKE_LOOP_TIME_BUDGET: Usage,
  SMOKE_LOOP_RESET_FAILED: Usage,
  SMOKE_LOOP_ABORTED: Findings,
  SMOKE_LOOP_BRANCH_FAILED: Internal,
  SMOKE_LOOP_BUILD_FAILED: Internal,
  SMOKE_LOOP_PATCH_CONFLICT: Internal,
  SMOKE_LOOP_UNSAFE_PATH: Internal,
};

/** The exit code `error` ends the process with: its code's row, Internal for anything else. */
export function exitCodeFor(error: unknown): ExitCodeValue {
  return error instanceof SmokeRepairError && isKnown(error.code) ? EXIT_CODE_OF[error.code] : Internal;
}

function isKnown(code: string): code is ErrorCode {
  return Object.hasOwn(EXIT_CODE_OF, code);
}

/**
 * A smoke-repair error as a command reports it: the same code (so the same exit code), the message
 * the command made of it (its config's secrets redacted, context added).
 */
export class ReportedError extends SmokeRepairError<ErrorCode> {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** `error` re-told as `message`, keeping its code; anything not a smoke-repair error is returned as it is. */
export function reported(error: unknown, message: (error: SmokeRepairError) => string): unknown {
  if (!(error instanceof SmokeRepairError) || !isKnown(error.code)) return error;
  return new ReportedError(error.code, message(error), { cause: error });
}
