/**
 * The PatternStore contract: one suite, run against every backend (memory, file, Neo4j).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  patternId,
  type AttemptOutcome,
  type PatternEvent,
  type PatternStore,
  createMemoryPatternStore,
} from '@smoke-repair/pattern-store';
import { attempt, tick } from './fixtures.js';

/** Opens a fresh, empty store of the backend under test. */
export type OpenEmptyStore = () => Promise<PatternStore>;

async function learn(
  store: PatternStore,
  options: Parameters<typeof attempt>[0],
  outcomes: AttemptOutcome[],
): Promise<string> {
  let id = '';
  for (const outcome of outcomes) {
    const a = await store.recordAttempt(attempt(options));
    id = a.patternId;
    await store.recordOutcome({ attemptId: a.id, outcome, at: tick() });
  }
  return id;
}

async function collect(events: AsyncIterable<PatternEvent>): Promise<PatternEvent[]> {
  const out: PatternEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

/** Registers the contract suite for one backend. */
export function describePatternStoreContract(backend: string, openEmpty: OpenEmptyStore): void {
  describe(`PatternStore contract: ${backend}`, () => {
    let store: PatternStore;
    beforeEach(async () => {
      store = await openEmpty();
      return () => store.close();
    });

    it('records attempts and outcomes into one pattern per signature class + template', async () => {
      const first = await store.recordAttempt(attempt({ id: 'a-1' }));
      expect(first.patternId).toBe(
        patternId({ signatureClass: 'c1', language: 'python', template: { holes: ['$A'], tpl: 't1' } }),
      );
      expect(first.context.endpointShape).toBe('POST /{collection}');
      const again = await store.recordAttempt(attempt({ id: 'a-1' }));
      expect(again).toEqual(first);
      const second = await store.recordAttempt(attempt({ id: 'a-2', path: '/carts/{cart_id}/items', app: 'other' }));
      expect((await store.recordOutcome({ attemptId: 'a-1', outcome: 'fixed' })).status).toBe('applied');
      expect((await store.recordOutcome({ attemptId: 'a-1', outcome: 'not_fixed' })).status).toBe('duplicate');
      const result = await store.recordOutcome({ attemptId: second.id, outcome: 'regressed' });
      expect(result.status).toBe('applied');
      expect(result.pattern).toMatchObject({
        id: first.patternId,
        successes: 1,
        failures: 1,
        regressions: 1,
        trials: 2,
        attempts: 2,
        successRate: 0.5,
        status: 'candidate',
        template: { tpl: 't1', holes: ['$A'] },
      });
      const details = await store.show(first.patternId);
      expect(details?.endpoints).toEqual(
        expect.arrayContaining([
          { key: 'POST /{collection} 500', successes: 1, failures: 0, attempts: 1 },
          { key: 'POST /{collection}/{id}/{collection} 500', successes: 0, failures: 1, attempts: 1 },
        ]),
      );
      expect(details?.apps.map((a) => a.key).sort()).toEqual(['demo-shop', 'other']);
      expect(details?.signatures).toEqual([{ key: 'h-c1', successes: 1, failures: 1, attempts: 2 }]);
      expect(await store.show('missing')).toBeNull();
    });

    it('keeps an outcome that arrives before its attempt, and counts it when the attempt does', async () => {
      const source = createMemoryPatternStore();
      const a = await source.recordAttempt(attempt());
      expect((await store.recordOutcome({ attemptId: a.id, outcome: 'fixed' })).status).toBe('pending');
      expect(await store.importEvents([a])).toEqual({ applied: 1, duplicates: 0 });
      expect(await store.get(a.patternId)).toMatchObject({ successes: 1, trials: 1, attempts: 1 });
    });

    it(`finds known fixes: same signature class first, then same endpoint shape + error kind above the \
threshold`, async () => {
      const classProven = await learn(store, { cls: 'c1', tpl: 'proven' }, ['fixed', 'fixed', 'fixed', 'not_fixed']);
      const classNew = await learn(store, { cls: 'c1', tpl: 'new' }, ['fixed']);
      await learn(store, { cls: 'c1', tpl: 'bad' }, ['not_fixed', 'not_fixed', 'fixed']);
      const shapeBest = await learn(store, { cls: 'c2', tpl: 'best', path: '/customers' }, ['fixed', 'fixed', 'fixed']);
      const shapeGood = await learn(store, { cls: 'c3', tpl: 'good', path: '/orders' }, [
        'fixed',
        'fixed',
        'fixed',
        'fixed',
        'not_fixed',
      ]);
      await learn(store, { cls: 'c4', tpl: 'weak', path: '/carts' }, ['fixed', 'fixed', 'not_fixed']);
      await learn(store, { cls: 'c5', tpl: 'other-kind', path: '/carts', kind: '404' }, ['fixed', 'fixed', 'fixed']);
      await learn(store, { cls: 'c6', tpl: 'other-shape', path: '/carts/{id}' }, ['fixed', 'fixed', 'fixed']);
      await learn(store, { cls: 'c7', tpl: 'js', language: 'node' }, ['fixed', 'fixed', 'fixed']);

      const fixes = await store.findKnownFixes({
        signatureClass: 'c1',
        language: 'python',
        endpoint: { method: 'post', path: '/items' },
        errorKind: 500,
      });
      expect(fixes.map((f) => [f.pattern.id, f.match])).toEqual([
        [classNew, 'signature_class'],
        [classProven, 'signature_class'],
        [shapeBest, 'endpoint_error'],
        [shapeGood, 'endpoint_error'],
      ]);
      expect(fixes[1]?.pattern).toMatchObject({ successes: 3, failures: 1, trials: 4, successRate: 0.75 });
      expect(
        await store.findKnownFixes({ endpointShape: 'POST /{collection}', errorKind: '500', limit: 2 }),
      ).toHaveLength(2);
      expect(await store.findKnownFixes({ endpointShape: 'POST /{collection}' })).toEqual([]);
      expect(await store.findKnownFixes({ signatureClass: 'nothing' })).toEqual([]);
      expect(
        (await store.findKnownFixes({ signatureClass: 'c1', minSuccessRate: 0.9, minTrials: 1 })).map(
          (f) => f.pattern.id,
        ),
      ).toEqual([classNew]);
    });

    it('ranks by success rate, then trials, then recency', async () => {
      const older = await learn(store, { tpl: 'older' }, ['fixed', 'fixed', 'fixed']);
      const newer = await learn(store, { tpl: 'newer' }, ['fixed', 'fixed', 'fixed']);
      const more = await learn(store, { tpl: 'more' }, ['fixed', 'fixed', 'fixed', 'fixed']);
      expect((await store.findKnownFixes({ signatureClass: 'c1' })).map((f) => f.pattern.id)).toEqual([
        more,
        newer,
        older,
      ]);
      expect((await store.list()).map((p) => p.id)).toEqual([more, newer, older]);
    });

    it('promotes above 70% with at least 3 trials, retires, and never suggests a retired pattern', async () => {
      const good = await learn(store, { tpl: 'good' }, ['fixed', 'fixed', 'fixed']);
      const edge = await learn(store, { tpl: 'edge' }, [
        ...Array(7).fill('fixed'),
        ...Array(3).fill('not_fixed'),
      ] as AttemptOutcome[]);
      const young = await learn(store, { tpl: 'young' }, ['fixed', 'fixed']);
      const promoted = await store.promote();
      expect(promoted.map((p) => [p.id, p.status])).toEqual([[good, 'promoted']]);
      expect(await store.promote()).toEqual([]);
      expect((await store.promote({ ids: [young], force: true })).map((p) => p.id)).toEqual([young]);
      expect((await store.list({ status: 'promoted' })).map((p) => p.id).sort()).toEqual([good, young].sort());
      expect((await store.list({ status: 'candidate' })).map((p) => p.id)).toEqual([edge]);

      const retired = await store.retire(good, { reason: 'breaks pydantic v2' });
      expect(retired).toMatchObject({ id: good, status: 'retired', statusReason: 'breaks pydantic v2' });
      expect(await store.retire('missing')).toBeNull();
      expect((await store.findKnownFixes({ signatureClass: 'c1' })).map((f) => f.pattern.id)).not.toContain(good);
      expect((await store.stats()).byStatus).toEqual({ candidate: 1, promoted: 1, retired: 1 });
    });

    it('lists with filters and counts totals', async () => {
      await learn(store, { cls: 'a', tpl: '1' }, ['fixed']);
      await learn(store, { cls: 'b', tpl: '2', language: 'node', app: 'shop-2', path: '/x/{id}' }, [
        'not_fixed',
        'regressed',
      ]);
      await store.recordAttempt(attempt({ cls: 'b', tpl: '2', language: 'node', hash: 'h-other' }));
      expect((await store.list({ signatureClass: 'b' })).map((p) => p.signatureClass)).toEqual(['b']);
      expect((await store.list({ language: 'python' })).map((p) => p.signatureClass)).toEqual(['a']);
      expect(await store.list({ limit: 1 })).toHaveLength(1);
      expect(await store.stats()).toEqual({
        patterns: 2,
        byStatus: { candidate: 2, promoted: 0, retired: 0 },
        attempts: 4,
        outcomes: { fixed: 1, not_fixed: 1, regressed: 1 },
        pending: 1,
        signatures: 3,
        apps: 2,
        endpointShapes: 2,
      });
    });

    it('exports events that rebuild the same patterns elsewhere, and imports idempotently', async () => {
      const id = await learn(store, { tpl: 'x' }, ['fixed', 'fixed', 'fixed']);
      await learn(store, { cls: 'c2', tpl: 'y' }, ['not_fixed']);
      await store.promote();
      await store.retire(id);
      const events = await collect(store.exportEvents());
      expect(events.map((e) => e.type).sort()).toEqual([
        ...Array(4).fill('attempt'),
        ...Array(4).fill('outcome'),
        'status',
        'status',
      ]);
      const position = new Map(events.map((e, i) => [e.id, i]));
      for (const [i, e] of events.entries())
        if (e.type === 'outcome') expect(position.get(e.attemptId)).toBeLessThan(i);
      const copy = createMemoryPatternStore();
      expect(await copy.importEvents(events)).toEqual({ applied: 10, duplicates: 0 });
      expect(await copy.list()).toEqual(await store.list());
      expect(await store.importEvents(events)).toEqual({ applied: 0, duplicates: 10 });
      expect(await collect(store.exportEvents())).toHaveLength(10);
    });
  });
}
