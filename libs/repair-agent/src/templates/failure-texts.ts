import type { RootCause } from '../types.js';

/**
 * Every text a root cause carries about its failure: the exception's message, and each violation's
 * message and response excerpt (a test's output, an answer's body), where a log's first line is not
 * the whole story (a `ResponseValidationError`'s errors, a 4xx's message).
 */
export function failureTexts(cause: RootCause, exception: { readonly message: string } | null | undefined): string[] {
  return [exception?.message ?? '', ...cause.violations.flatMap((v) => [v.message, v.responseExcerpt ?? ''])];
}
