import { describe, expect, it } from 'vitest';
import { parseLogs } from '../parse-logs.js';

const appRoot = '/srv/app';
// fastapi 0.12x: a response model rejecting the handler's value, as uvicorn logs it.
const responseInvalid = [
  'ERROR:    Exception in ASGI application',
  'Traceback (most recent call last):',
  '  File "/srv/app/.venv/lib/python3.11/site-packages/fastapi/routing.py", line 352, in serialize_response',
  '    raise ResponseValidationError(',
  'fastapi.exceptions.ResponseValidationError: 1 validation error:',
  "  {'type': 'missing', 'loc': ('response', 'itemCount'), 'msg': 'Field required', 'input': {'id': 1}}",
  '',
  '  File "/srv/app/shop/api/routes/carts.py", line 21, in get_cart',
  '    GET /carts/{cart_id}',
  'INFO:     127.0.0.1:50872 - "PUT /carts/3 HTTP/1.1" 500 Internal Server Error',
].join('\n');

describe('FastAPI endpoint context', () => {
  it(`makes the handler named after a validation error's message the trace's innermost app frame (one trace, not \
two)`, () => {
    const traces = parseLogs(responseInvalid, { appRoot });
    expect(traces).toHaveLength(1);
    expect(traces[0]!.exception.type).toBe('fastapi.exceptions.ResponseValidationError');
    expect(traces[0]!.culprit).toMatchObject({
      file: '/srv/app/shop/api/routes/carts.py',
      function: 'get_cart',
      line: 21,
      inApp: true,
      source: 'GET /carts/{cart_id}',
    });
  });

  it('leaves a headerless frame after another exception a trace of its own', () => {
    const other = responseInvalid.replace(
      'fastapi.exceptions.ResponseValidationError: 1 validation error:',
      'ValueError: 1 validation error:',
    );
    const traces = parseLogs(other, { appRoot });
    expect(traces[0]!.exception.type).toBe('ValueError');
    expect(traces[0]!.frames.some((f) => f.function === 'get_cart')).toBe(false);
  });
});
