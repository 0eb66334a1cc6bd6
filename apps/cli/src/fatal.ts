import { ExitCode } from './exit-codes.js';

/**
 * The one line an unexpected error prints: never a stack dump, unless SMOKE_REPAIR_DEBUG=1
 * (then the stack follows). Shared by `run()`'s catch and the process-wide handler.
 */
export function internalErrorText(error: unknown, debug = process.env['SMOKE_REPAIR_DEBUG'] === '1'): string {
  // A message may quote a stack of its own (a child's output): its frames go too.
  const message = (error instanceof Error ? error.message : String(error))
    .split('\n')
    .filter((line) => !/^\s+at /.test(line))
    .join('\n')
    .trimEnd();
  const detail = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  const hint = debug ? '' : ' (set SMOKE_REPAIR_DEBUG=1 for the stack)';
  return `smoke-repair: internal error: ${message}${hint}${detail}\n`;
}

/** Where the process-wide handler writes and how it ends the process (injectable for tests). */
export interface FatalTarget {
  readonly stderr: { write(text: string): unknown };
  readonly exit: (code: number) => void;
}

/**
 * Handles what nobody caught — an exception thrown in a callback, a rejected promise nobody
 * awaited (a config module's stray timer, a library's event): one line on stderr, exit 3.
 * Lock files and the like are released by their own `exit` listeners.
 */
export function handleFatal(
  error: unknown,
  target: FatalTarget = { stderr: process.stderr, exit: (code) => process.exit(code) },
): void {
  try {
    target.stderr.write(internalErrorText(error));
  } finally {
    target.exit(ExitCode.Internal);
  }
}

/** Installs `handleFatal` for uncaught exceptions and unhandled rejections. */
export function installFatalHandlers(): void {
  process.on('uncaughtException', (error) => handleFatal(error));
  process.on('unhandledRejection', (reason) => handleFatal(reason));
}
