import { SmokeRepairError } from '@smoke-repair/log-parser';

/** The codes of the errors the loop controller throws (a closed union: a new error adds its code here). */
export type LoopErrorCode =
  | 'SMOKE_APP_LOCKED'
  | 'SMOKE_LOCK_DIR_UNSAFE'
  | 'SMOKE_LOOP_ABORTED'
  | 'SMOKE_LOOP_BRANCH_EXISTS'
  | 'SMOKE_LOOP_BRANCH_FAILED'
  | 'SMOKE_LOOP_BRANCH_INVALID'
  | 'SMOKE_LOOP_BUILD_FAILED'
  | 'SMOKE_LOOP_PATCH_CONFLICT'
  | 'SMOKE_LOOP_RESET_FAILED'
  | 'SMOKE_LOOP_TIME_BUDGET'
  | 'SMOKE_LOOP_UNSAFE_PATH';

/** Errors of the loop controller: a `SmokeRepairError` with one of `LoopErrorCode`. */
export class LoopError extends SmokeRepairError<LoopErrorCode> {
  constructor(
    readonly code: LoopErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Whether `error` is the loop's error with `code` (a typed test, never a match on message text). */
export function isLoopError(error: unknown, code: LoopErrorCode): error is LoopError {
  return error instanceof LoopError && error.code === code;
}
