import { describe, expect, it } from 'vitest';
import { executeScenarios } from './execute-scenarios.js';
import { generateScenarios } from './generate/generate-scenarios.js';
import { buildApiModel } from './openapi/api-model.js';
import { orderScenarios } from './order-scenarios.js';
import { fakeCrudApi, libraryOpenApi } from './test-support/fake-api.js';

// The library without a create of books: the seeded book 7 is the contract's example of every book_id.
function seededBooksOnly(): Record<string, unknown> {
  const doc = libraryOpenApi() as { paths: Record<string, Record<string, { parameters?: Record<string, unknown>[] }>> };
  delete doc.paths['/books']!['post'];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith('/books/{book_id}')) continue;
    for (const op of Object.values(item))
      for (const p of op.parameters ?? []) if (p['name'] === 'book_id') p['example'] = 7;
  }
  return doc;
}

async function smoke(documentedTargets: boolean, faults: Parameters<typeof fakeCrudApi>[0] = []) {
  const fake = fakeCrudApi(faults);
  fake.store.set('/books', new Map([['7', { id: 7, title: 'Existing', authorId: 1 }]]));
  const plan = orderScenarios(generateScenarios(buildApiModel(seededBooksOnly(), 'library.json'), { seed: 't1' }));
  const runs = await executeScenarios(plan, {
    http: fake.client,
    baseUrl: 'http://127.0.0.1:9',
    concurrency: 1,
    documentedTargets,
  });
  return { fake, plan, runs: new Map(runs.map((r) => [r.scenario.id, r])) };
}

describe('a change to a record nothing in the contract creates (smoke.documentedTargets)', () => {
  it("acts on the contract's example where the data is disposable; DELETE never does", async () => {
    const { fake, runs } = await smoke(true);
    const put = runs.get('PUT /books/{book_id}')!;
    expect(put.status).toBe('passed');
    expect(put.request!.path).toBe('/books/7');
    expect(put.notes.join()).toMatch(/contract's example 7: nothing in the contract creates/);
    expect(runs.get('DELETE /books/{book_id}')!.status).toBe('blocked');
    expect(fake.calls.filter((c) => c.method === 'DELETE' && c.url.endsWith('/books/7'))).toEqual([]);
  });

  it('is blocked otherwise: a plain smoke never changes a record it did not create', async () => {
    const { fake, runs } = await smoke(false);
    expect(runs.get('PUT /books/{book_id}')!.status).toBe('blocked');
    expect(runs.get('PUT /books/{book_id}')!.notes.join()).toMatch(/only touches what this run created/);
    expect(fake.calls.filter((c) => c.method === 'PUT')).toEqual([]);
  });

  it('runs after every read of the record and under it; a state that refuses the change (409) blocks it', async () => {
    const { plan, runs } = await smoke(true, [{ match: /^PUT \/books\/7$/, status: 409 }]);
    const order = plan.scenarios.map((s) => s.id);
    const put = order.indexOf('PUT /books/{book_id}');
    expect(order.indexOf('GET /books/{book_id}/reviews')).toBeLessThan(put);
    expect(order.indexOf('GET /books/{book_id}')).toBeLessThan(put);
    expect(runs.get('PUT /books/{book_id}')!.status).toBe('blocked');
    expect(runs.get('PUT /books/{book_id}')!.notes.join()).toMatch(/the contract's example answered 409/);
    const refused = await smoke(true, [{ match: /^PUT \/books\/7$/, status: 400 }]);
    expect(refused.runs.get('PUT /books/{book_id}')!.status).toBe('failed');
  });
});
