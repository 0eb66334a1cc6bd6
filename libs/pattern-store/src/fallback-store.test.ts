import { describe, expect, it } from 'vitest';
import { PatternStoreAuthError, PatternStoreInputError, PatternStoreUnavailableError } from './errors.js';
import { createFallbackStore } from './fallback-store.js';
import { createMemoryPatternStore } from './memory-store.js';
import { attempt, signature } from './test-support/fixtures.js';
import type { PatternStore } from './types.js';

/** A memory store that starts failing like an unreachable server when `down` is set. */
function flaky(): { store: PatternStore; down: boolean } {
  const inner = createMemoryPatternStore();
  const state = { down: false, store: inner };
  state.store = new Proxy(inner, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function' || key === 'close') return value;
      return (...args: unknown[]) => {
        if (state.down)
          return Promise.reject(new PatternStoreUnavailableError('Neo4j at neo4j://x is unavailable: refused'));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return state;
}

describe('fallback store', () => {
  it('switches to the fallback when the primary goes down mid-run, warning once', async () => {
    const primary = flaky();
    const fallback = createMemoryPatternStore();
    const warnings: string[] = [];
    const store = await createFallbackStore({
      primary: primary.store,
      primaryUri: 'neo4j://x',
      logger: { warn: (m) => warnings.push(m) },
      openFallback: async () => fallback,
    });
    await store.recordAttempt(attempt());
    primary.down = true;
    await store.recordAttempt(attempt({ signature: signature('s2') }));
    await store.recordAttempt(attempt({ signature: signature('s3') }));
    expect(store.kind).toBe('memory');
    expect((await fallback.stats()).attempts).toBe(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/unavailable[\s\S]*patterns sync --store neo4j:\/\/x/);
  });

  it('starts on the fallback when opening failed with auth, and rethrows other errors', async () => {
    const warnings: string[] = [];
    const store = await createFallbackStore({
      primary: new PatternStoreAuthError('refused the credentials'),
      primaryUri: 'neo4j://x',
      logger: { warn: (m) => warnings.push(m) },
      openFallback: async () => createMemoryPatternStore(),
    });
    expect(store.kind).toBe('memory');
    expect(warnings).toHaveLength(1);
    await expect(
      createFallbackStore({
        primary: new Error('boom'),
        primaryUri: 'neo4j://x',
        logger: { warn: () => undefined },
        openFallback: async () => createMemoryPatternStore(),
      }),
    ).rejects.toThrow('boom');
    await expect(store.recordAttempt({ ...attempt(), strategy: '' })).rejects.toThrow(PatternStoreInputError);
  });
});
