import { SmokeRepairError } from '@smoke-repair/log-parser';

/** Exit codes of `smoke-repair` (documented in the CLI README; stable across releases). */
export const ExitCode = {
  /** The command did its job (parse-logs: whether or not traces were found). */
  Ok: 0,
  /** The command found what it checks for (violations, escalation). */
  Findings: 1,
  /** Bad usage or configuration: unknown flag, missing file, invalid config. */
  Usage: 2,
  /** A bug or an environment failure inside smoke-repair. */
  Internal: 3,
} as const;

/** One of the documented exit codes. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The codes of the errors the CLI itself throws. */
export type CliErrorCode = 'SMOKE_CLI_USAGE';

/** An error the user can fix (a flag, an argument, a file): printed as one clear message, exit code 2. */
export class UsageError extends SmokeRepairError<CliErrorCode> {
  readonly code = 'SMOKE_CLI_USAGE';
}
