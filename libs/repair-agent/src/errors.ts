/** Base of the repair agent's errors: a stable `code` and the `cause`. */
export class RepairAgentError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RepairAgentError';
  }
}
