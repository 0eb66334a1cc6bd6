import { SmokeRepairError } from '@smoke-repair/log-parser';

/** The codes of the errors the repair agent throws (a closed union: a new error adds its code here). */
export type RepairAgentErrorCode =
  | 'SMOKE_COMMAND_ABORTED'
  | 'SMOKE_COMMAND_DELETED_FILES'
  | 'SMOKE_COMMAND_FAILED'
  | 'SMOKE_COMMAND_OPTIONS'
  | 'SMOKE_COMMAND_TIMEOUT'
  | 'SMOKE_COMMAND_UNCONFINED'
  | 'SMOKE_LLM_ALREADY_REJECTED'
  | 'SMOKE_LLM_BAD_RESPONSE'
  | 'SMOKE_LLM_DIFF_DOES_NOT_APPLY'
  | 'SMOKE_LLM_EMPTY_DIFF'
  | 'SMOKE_LLM_FAILED'
  | 'SMOKE_LLM_HTTP'
  | 'SMOKE_LLM_MALFORMED_DIFF'
  | 'SMOKE_LLM_NETWORK'
  | 'SMOKE_LLM_OPTIONS'
  | 'SMOKE_LLM_SYNTAX_ERROR'
  | 'SMOKE_LLM_TIMEOUT'
  | 'SMOKE_LLM_TRUNCATED'
  | 'SMOKE_PYTHON_INSPECTOR_FAILED'
  | 'SMOKE_PYTHON_SYNTAX_CHECK_FAILED';

/** Base of the repair agent's errors: a `SmokeRepairError` with one of `RepairAgentErrorCode`. */
export class RepairAgentError extends SmokeRepairError<RepairAgentErrorCode> {
  constructor(
    readonly code: RepairAgentErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
