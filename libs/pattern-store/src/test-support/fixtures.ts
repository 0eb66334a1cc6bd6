import type { ErrorSignature } from '@smoke-repair/log-parser';
import type { RecordAttemptInput } from '../types.js';

/** A signature as the log parser would produce it. */
export function signature(hash = 'sig-1', exceptionType = 'IntegrityError'): ErrorSignature {
  return {
    hash,
    key: `${exceptionType}@app/routes.py:10 create: NOT NULL constraint failed`,
    exceptionType,
    message: 'NOT NULL constraint failed',
  };
}

/** An attempt input with sensible defaults. */
export function attempt(
  overrides: Partial<RecordAttemptInput> & { template?: unknown; signatureClass?: string } = {},
): RecordAttemptInput {
  const { template, signatureClass, ...rest } = overrides;
  return {
    signature: signature(),
    strategy: 'recipe',
    pattern: {
      signatureClass: signatureClass ?? 'python:IntegrityError:not-null',
      language: 'python',
      template: template ?? { edit: 'add-default', field: '$FIELD' },
    },
    context: { app: 'demo-shop', method: 'POST', path: '/products', errorKind: '500' },
    ...rest,
  };
}
