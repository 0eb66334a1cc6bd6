import { describe, expect, it } from 'vitest';
import type { SentRequest } from './build-request.js';
import { garbledRefusal } from './garbled-refusal.js';
import type { HttpResponse } from './http-client.js';

const request = (url: string, body?: string): SentRequest => ({
  method: body ? 'POST' : 'GET',
  url,
  path: new URL(url).pathname,
  headers: {},
  ...(body ? { body } : {}),
  requestId: 'r1',
});

const answer = (status: number, body: unknown): HttpResponse => ({
  ok: true,
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
  truncated: false,
  bytesRead: 0,
  startedAtMs: 0,
  durationMs: 1,
});

describe('garbledRefusal', () => {
  it('fails a documented 404 that quotes NaN for ids the request sent as digits', () => {
    const failure = garbledRefusal(
      request('http://127.0.0.1:9/api/brooms/compare?ids=1%2C2%2C3'),
      answer(404, { message: 'Broom NaN not found' }),
      [200, 404],
    );
    expect(failure).toEqual({
      kind: 'status_mismatch',
      message: expect.stringMatching(/^expected 200, got HTTP 404: the refusal quotes NaN, which the request did not/),
    });
  });

  it('fails a 400 that names an undefined field value of a body that sent it', () => {
    const sent = request('http://127.0.0.1:9/api/readings', JSON.stringify({ gaugeCode: 'G-1' }));
    expect(garbledRefusal(sent, answer(400, { error: 'unknown gauge undefined' }), [201])?.kind).toBe(
      'status_mismatch',
    );
  });

  it('near miss: the word inside another word, a value the request itself sent, a 2xx or a 5xx', () => {
    const get = request('http://127.0.0.1:9/api/x/1');
    expect(garbledRefusal(get, answer(404, { message: 'Undefined gauge 1' }), [200])).toBeUndefined();
    expect(garbledRefusal(get, answer(404, { message: 'NaNometer 1 not found' }), [200])).toBeUndefined();
    const sentNaN = request('http://127.0.0.1:9/api/x/NaN');
    expect(garbledRefusal(sentNaN, answer(404, { message: 'x NaN not found' }), [200])).toBeUndefined();
    expect(garbledRefusal(get, answer(200, { note: 'NaN' }), [200])).toBeUndefined();
    expect(garbledRefusal(get, answer(500, { message: 'x NaN' }), [200])).toBeUndefined();
  });
});
