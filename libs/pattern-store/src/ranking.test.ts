import { describe, expect, it } from 'vitest';
import { compareByRank, isPromotable, normalizeKnownFixQuery, qualifiesBySignatureClass } from './ranking.js';
import type { FixPattern } from './types.js';

function pattern(overrides: Partial<FixPattern>): FixPattern {
  const successes = overrides.successes ?? 0;
  const failures = overrides.failures ?? 0;
  const trials = successes + failures;
  return {
    id: 'p',
    signatureClass: 'c',
    language: 'python',
    template: {},
    successes,
    failures,
    regressions: 0,
    trials,
    successRate: trials === 0 ? 0 : successes / trials,
    attempts: trials,
    status: 'candidate',
    createdAt: '2025-01-01T00:00:00.000Z',
    lastUsedAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('ranking', () => {
  it('orders by success rate, then trials, then recency, then id', () => {
    const a = pattern({ id: 'a', successes: 3, failures: 1 });
    const b = pattern({ id: 'b', successes: 9, failures: 1 });
    const c = pattern({ id: 'c', successes: 18, failures: 2 });
    const d = pattern({ id: 'd', successes: 18, failures: 2, lastUsedAt: '2025-02-01T00:00:00.000Z' });
    expect([a, b, c, d].sort(compareByRank).map((p) => p.id)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('promotes above 0.7 with at least 3 trials, candidates only', () => {
    expect(isPromotable(pattern({ successes: 3 }))).toBe(true);
    expect(isPromotable(pattern({ successes: 2 }))).toBe(false);
    expect(isPromotable(pattern({ successes: 7, failures: 3 }))).toBe(false);
    expect(isPromotable(pattern({ successes: 8, failures: 3 }))).toBe(true);
    expect(isPromotable(pattern({ successes: 3, status: 'retired' }))).toBe(false);
    expect(isPromotable(pattern({ successes: 2 }), { minTrials: 2 })).toBe(true);
  });

  it('keeps under-tried patterns of the class, drops proven failures', () => {
    const q = normalizeKnownFixQuery({ signatureClass: 'c' });
    expect(qualifiesBySignatureClass(pattern({ failures: 1 }), q)).toBe(true);
    expect(qualifiesBySignatureClass(pattern({ failures: 3 }), q)).toBe(false);
    expect(qualifiesBySignatureClass(pattern({ successes: 3, status: 'retired' }), q)).toBe(false);
  });

  it('needs both shape and error kind for the endpoint tier', () => {
    expect(normalizeKnownFixQuery({ endpoint: { method: 'post', path: '/a' } }).endpointKey).toBeUndefined();
    expect(normalizeKnownFixQuery({ endpoint: { method: 'post', path: '/a' }, errorKind: 500 }).endpointKey).toBe(
      'POST /{collection} 500',
    );
  });
});
