import { normalizeMessage } from '@smoke-repair/log-parser';
import type { RootCause } from '../types.js';

/**
 * The class of a root cause: coarser than its signature, so the same kind of bug in another app
 * (other entity names, other files) falls in the same class. Language, exception type and the
 * message with values and type names erased — never file names or functions.
 */
export function signatureClassOf(cause: RootCause): string {
  if (cause.kind === 'route_missing') return 'http:route_missing';
  if (cause.kind === 'status_mismatch') {
    const v = cause.violations[0];
    return `http:status_mismatch:${v?.expectedStatus ?? '?'}->${v?.actualStatus ?? '?'}`;
  }
  const trace = cause.trace;
  if (!trace) return `${cause.kind}:${cause.signature.exceptionType}`;
  const type = trace.exception.type.replace(/^.*\./, '');
  const message = normalizeMessage(trace.exception.message.split('\n')[0] ?? '').replace(
    /\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*\b/g,
    '<Name>',
  );
  return `${trace.language}:${type}:${message}`;
}
