import { readFileSync } from 'node:fs';
import { parseLogs } from '@smoke-repair/log-parser';
import { describe, expect, it } from 'vitest';
import { violationSignature } from './build-result.js';

// A FastAPI ResponseValidationError captured from a real uvicorn app (paths moved under /srv/app):
// every frame is the framework's, none names the handler at fault.
const frameworkOnly = readFileSync(new URL('./test-support/fastapi-response-validation.log', import.meta.url), 'utf8');
const inApp = `Traceback (most recent call last):
  File "/srv/app/.venv/lib/python3.11/site-packages/starlette/routing.py", line 73, in app
    response = await f(request)
  File "/srv/app/app/services/stats.py", line 12, in average
    return total / count
ZeroDivisionError: division by zero
`;

describe('violationSignature', () => {
  it('keeps the signature of a trace whose culprit is in the app, whatever the endpoint', () => {
    const [trace] = parseLogs(inApp, { appRoot: '/srv/app' });
    expect(trace?.culprit?.inApp).toBe(true);
    expect(violationSignature(trace, 'GET /a')).toEqual(trace!.signature);
    expect(violationSignature(trace, 'GET /b')).toEqual(trace!.signature);
  });

  it('tells apart the same framework error on two endpoints: no frame says which handler is at fault', () => {
    const [trace] = parseLogs(frameworkOnly, { appRoot: '/srv/app' });
    expect(trace?.exception.type).toContain('ResponseValidationError');
    expect(trace?.culprit?.inApp ?? false).toBe(false);
    const one = violationSignature(trace, 'GET /harvests/{harvest_id}')!;
    const other = violationSignature(trace, 'GET /hives/{hive_id}')!;
    expect(one.hash).not.toBe(other.hash);
    expect(one.hash).toBe(violationSignature(trace, 'GET /harvests/{harvest_id}')!.hash);
    expect(one.key).toContain('[GET /harvests/{harvest_id}]');
    expect(one.exceptionType).toBe(trace!.signature.exceptionType);
  });

  it('has nothing to say without a trace', () => {
    expect(violationSignature(undefined, 'GET /a')).toBeUndefined();
  });
});
