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
    expect(looksLikeNoRoute(answer(''))).toBe(true);
  });

  it("reads a handler's own message, which does not name the path, as a route that ran", () => {
    expect(looksLikeNoRoute(answer('{"error":"Fuel sale 1 not found"}', '/fuel-sales/1'))).toBe(false);
    expect(looksLikeNoRoute(answer('{"detail":"Booking 7 does not exist"}', '/bookings/7'))).toBe(false);
  });
});
