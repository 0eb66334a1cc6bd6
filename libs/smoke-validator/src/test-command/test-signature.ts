/**
 * The seed's failure signature for tests: keyed on (nodeid, exception type, file:line, first
 * error line). The hash leaves the line number out and normalises volatile values, so a failure
 * that moves a few lines or changes an id keeps its signature; the key is readable.
 */
import { createHash } from 'node:crypto';
import { normalizeMessage, type ErrorSignature } from '@smoke-repair/log-parser';

/** What a test failure signature is made of. */
export interface TestFailureSignatureInput {
  readonly nodeid: string;
  readonly exceptionType: string;
  /** Where it failed, relative to the project root (the innermost in-app frame). */
  readonly file?: string;
  readonly line?: number;
  readonly function?: string;
  /** The first line of the error message. */
  readonly message: string;
}

/** Builds the signature: `key` = `nodeid Type@file:line: first line`, `hash` = 16 hex digits. */
export function testFailureSignature(input: TestFailureSignatureInput): ErrorSignature {
  const message = input.message.split(/\r?\n/)[0] ?? '';
  const hash = createHash('sha256')
    .update(
      [
        'test',
        input.nodeid,
        input.exceptionType,
        input.file ?? '',
        input.function ?? '',
        normalizeMessage(message),
      ].join('\n'),
    )
    .digest('hex')
    .slice(0, 16);
  const where = input.file ? `@${input.file}${input.line !== undefined ? `:${input.line}` : ''}` : '';
  return {
    hash,
    key: `${input.nodeid} ${input.exceptionType}${where}: ${message}`,
    exceptionType: input.exceptionType,
    ...(input.file !== undefined ? { file: input.file } : {}),
    ...(input.function !== undefined ? { function: input.function } : {}),
    ...(input.line !== undefined ? { line: input.line } : {}),
    message,
  };
}
