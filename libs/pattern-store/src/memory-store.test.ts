import { describe, expect, it } from 'vitest';
import { PatternStoreClosedError, PatternStoreInputError } from './errors.js';
import { createMemoryPatternStore } from './memory-store.js';
import { patternId } from './pattern-id.js';
import { attempt } from './test-support/fixtures.js';

describe('memory store', () => {
  it('counts outcomes, merges the same pattern learned twice, and keeps the first outcome', async () => {
    const store = createMemoryPatternStore();
    const a1 = await store.recordAttempt(attempt({ template: { b: 1, a: [1, 2] } }));
    const a2 = await store.recordAttempt(attempt({ template: { a: [1, 2], b: 1 } }));
    expect(a1.patternId).toBe(a2.patternId);
    expect(a1.patternId).toBe(
      patternId({
        signatureClass: 'python:IntegrityError:not-null',
        language: 'python',
        template: { a: [1, 2], b: 1 },
      }),
    );
    expect(a1.context.endpointShape).toBe('POST /{collection}');
    expect((await store.recordOutcome({ attemptId: a1.id, outcome: 'fixed' })).status).toBe('applied');
    expect((await store.recordOutcome({ attemptId: a1.id, outcome: 'regressed' })).status).toBe('duplicate');
    const result = await store.recordOutcome({ attemptId: a2.id, outcome: 'regressed' });
    expect(result.pattern).toMatchObject({
      successes: 1,
      failures: 1,
      regressions: 1,
      trials: 2,
      attempts: 2,
      successRate: 0.5,
    });
  });

  it('keeps an outcome whose attempt is not here yet, and counts it when the attempt arrives', async () => {
    const source = createMemoryPatternStore();
    const a = await source.recordAttempt(attempt());
    const target = createMemoryPatternStore();
    expect((await target.recordOutcome({ attemptId: a.id, outcome: 'fixed' })).status).toBe('pending');
    expect(await target.importEvents([a])).toEqual({ applied: 1, duplicates: 0 });
    expect(await target.get(a.patternId)).toMatchObject({ successes: 1, trials: 1 });
  });

  it('rejects invalid input with a readable zod message, and calls after close', async () => {
    const store = createMemoryPatternStore();
    const bad = { ...attempt(), strategy: '' };
    await expect(store.recordAttempt(bad)).rejects.toThrow(PatternStoreInputError);
    await expect(store.recordAttempt(bad)).rejects.toThrow(/strategy/);
    await store.close();
    await expect(store.list()).rejects.toThrow(PatternStoreClosedError);
  });

  it('does not leak internal state through returned templates', async () => {
    const store = createMemoryPatternStore();
    const a = await store.recordAttempt(attempt({ template: { x: [1] } }));
    const p = await store.get(a.patternId);
    (p?.template as { x: number[] }).x.push(2);
    expect((await store.get(a.patternId))?.template).toEqual({ x: [1] });
  });
});
