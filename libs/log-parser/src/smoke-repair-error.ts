/**
 * The one error family of smoke-repair. It lives in log-parser because log-parser is the package
 * every other one already depends on (a package of its own would be a sixth publish unit for
 * twenty lines).
 */

/**
 * The base of every error a smoke-repair package throws. `code` is stable (part of the public API:
 * the CLI maps it to an exit code in one table) and drawn from the throwing package's closed union
 * (`SmokeValidatorErrorCode`, `RepairAgentErrorCode`, …); `cause` is the error underneath, if any.
 * Expected outcomes (an unhealthy app, a rejected patch, an escalation) are values, never these.
 *
 * @example
 * try { await runRepairLoop(config) } catch (error) {
 *   if (error instanceof SmokeRepairError && error.code === 'SMOKE_CONFIG_INVALID') fixConfig(error.message);
 *   else throw error;
 * }
 */
export abstract class SmokeRepairError<Code extends string = string> extends Error {
  /** Stable machine-readable code, e.g. `SMOKE_APP_START_TIMEOUT`. */
  abstract readonly code: Code;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
