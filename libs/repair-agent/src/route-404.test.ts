import { describe, expect, it } from 'vitest';
import { looksLikeNoRoute } from './route-404.js';

const answer = (responseExcerpt: string, path = '/tickets', method = 'GET') => ({ responseExcerpt, path, method });

describe('looksLikeNoRoute', () => {
  it("reads the frameworks' fallbacks and a body naming the path as no route matched", () => {
    expect(looksLikeNoRoute(answer('{"detail":"Not Found"}'))).toBe(true);
    expect(looksLikeNoRoute(answer('<!DOCTYPE html><pre>Cannot GET /tickets</pre>'))).toBe(true);
    expect(looksLikeNoRoute(answer('{"message":"Cannot POST /returns","error":"Not Found","statusCode":404}'))).toBe(
      true,
    );
    expect(looksLikeNoRoute(answer('{"error":"Route GET /tickets not found"}'))).toBe(true);
    expect(looksLikeNoRoute(answer('{"error":"Endpoint not found"}'))).toBe(true);
    expect(looksLikeNoRoute(answer('{"message":"Resource not found."}'))).toBe(true);
    expect(looksLikeNoRoute(answer(''))).toBe(true);
  });

  it("reads a handler's own message, which does not name the path, as a route that ran", () => {
    expect(looksLikeNoRoute(answer('{"error":"Fuel sale 1 not found"}', '/fuel-sales/1'))).toBe(false);
    expect(looksLikeNoRoute(answer('{"detail":"Booking 7 does not exist"}', '/bookings/7'))).toBe(false);
    // An error code that reads like a fallback, beside the handler's own message.
    const coded = '{"error":"NotFound","message":"Session NaN not found"}';
    expect(looksLikeNoRoute(answer(coded, '/sessions/upcoming'))).toBe(false);
    const fallback = '{"error":"Not Found","message":"API endpoint not found"}';
    expect(looksLikeNoRoute(answer(fallback, '/sessions/upcoming'))).toBe(true);
  });

  it('reads the body a failing test quotes in its assertion (test-command mode)', () => {
    const test = (message: string) => ({
      nodeid: 'tests/test_artisans.py::test_create_artisan_is_persisted',
      path: 'tests/test_artisans.py',
      method: 'GET',
      message,
      responseExcerpt: message,
    });
    expect(looksLikeNoRoute(test('AssertionError: {"detail":"Artisan 4 not found"}\nassert 404 == 200'))).toBe(false);
    expect(looksLikeNoRoute(test('AssertionError: {"detail":"Not Found"}\nassert 404 == 200'))).toBe(true);
    expect(looksLikeNoRoute(test('assert 404 == 200'))).toBe(true);
    // The request's payload in the traceback is no answer.
    const payload = '    r = client.post("/artisans", json={"name": "Ada"})\n    r = client.get("/artisans/4")\n';
    expect(looksLikeNoRoute(test(`${payload.replace('{"name": "Ada"}', '{"name":"Ada"}')}assert 404 == 200`))).toBe(
      true,
    );
  });
});
