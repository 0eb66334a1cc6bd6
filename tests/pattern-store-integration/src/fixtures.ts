import type { RecordAttemptInput } from '@smoke-repair/pattern-store';

let clock = Date.parse('2025-06-01T00:00:00.000Z');

/** A strictly increasing timestamp, so recency is deterministic on every backend. */
export function tick(): string {
  clock += 1_000;
  return new Date(clock).toISOString();
}

/** An attempt input: `cls` is the signature class, `tpl` distinguishes templates. */
export function attempt(
  options: {
    cls?: string;
    tpl?: string;
    language?: string;
    method?: string;
    path?: string;
    kind?: string;
    app?: string;
    hash?: string;
    id?: string;
  } = {},
): RecordAttemptInput {
  const input: RecordAttemptInput = {
    at: tick(),
    signature: {
      hash: options.hash ?? `h-${options.cls ?? 'c1'}`,
      key: 'IntegrityError@app/routes.py:10 create: NOT NULL constraint failed',
      exceptionType: 'IntegrityError',
      message: 'NOT NULL constraint failed',
    },
    strategy: 'recipe',
    pattern: {
      signatureClass: options.cls ?? 'c1',
      language: options.language ?? 'python',
      template: { tpl: options.tpl ?? 't1', holes: ['$A'] },
    },
    context: {
      app: options.app ?? 'demo-shop',
      method: options.method ?? 'POST',
      path: options.path ?? '/products',
      errorKind: options.kind ?? '500',
    },
  };
  if (options.id !== undefined) input.id = options.id;
  return input;
}
