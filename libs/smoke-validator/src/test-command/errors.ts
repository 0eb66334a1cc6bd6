/**
 * Errors of test-command mode (stable `code`s, see the package README).
 */
import { SmokeValidatorError } from '../errors.js';

/** The JUnit XML a test command wrote could not be read. */
export class JunitParseError extends SmokeValidatorError {
  readonly code = 'SMOKE_JUNIT_PARSE';
}

/**
 * The test command ended without writing a JUnit report (not installed, a usage error, a crash
 * before collection). `lastLines` holds the end of its output.
 */
export class TestCommandError extends SmokeValidatorError {
  readonly code = 'SMOKE_TEST_COMMAND_FAILED';
  constructor(
    message: string,
    readonly command: string,
    readonly exitCode: number | null,
    readonly lastLines: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(
      `${message}\n` +
        `  command:` +
        ` ${command}${
          lastLines.length ? `\n` + `  last output lines:\n${lastLines.map((l) => `    ${l}`).join('\n')}` : ''
        }`,
      options,
    );
  }
}
