/** Errors of the loop controller: a stable `code` and the `cause`. */
export class LoopError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LoopError';
  }
}
