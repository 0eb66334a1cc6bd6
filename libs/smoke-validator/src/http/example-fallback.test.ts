import { describe, expect, it } from 'vitest';
import { executeScenarios } from './execute-scenarios.js';
import { generateScenarios } from './generate/generate-scenarios.js';
import { buildApiModel } from './openapi/api-model.js';
import { orderScenarios } from './order-scenarios.js';
import { fakeCrudApi, libraryOpenApi } from './test-support/fake-api.js';

/** The library API with a documented example id (7) on every `book_id` path parameter. */
function documentedExampleApi() {
  const doc = libraryOpenApi() as { paths: Record<string, Record<string, { parameters?: object[] }>> };
  for (const op of Object.values(doc.paths['/books/{book_id}']!))
    op.parameters = op.parameters?.map((p) => ({ ...p, example: 7 }));
  return buildApiModel(doc as Record<string, unknown>, 'library.json');
}

async function smoke(faults: Parameters<typeof fakeCrudApi>[0], seeded: boolean) {
  const fake = fakeCrudApi(faults);
  if (seeded) fake.store.set('/books', new Map([['7', { id: 7, title: 'Seeded', authorId: 1 }]]));
  const plan = orderScenarios(generateScenarios(documentedExampleApi(), { seed: 't1' }));
  const runs = await executeScenarios(plan, { http: fake.client, baseUrl: 'http://127.0.0.1:9' });
  return new Map(runs.map((r) => [r.scenario.id, r]));
}

const providersFail = [
  { match: /^POST \/books$/, status: 500 },
  { match: /^GET \/books$/, status: 500 },
];

describe("a read whose id providers all failed sends the contract's example id", () => {
  it('reads the documented example instead of waiting behind the failed create and listing', async () => {
    const runs = await smoke(providersFail, true);
    const read = runs.get('GET /books/{book_id}')!;
    expect(read.status).toBe('passed');
    expect(read.request!.path).toBe('/books/7');
    expect(read.notes.join()).toMatch(/book_id is the contract's example 7: POST \/books, GET \/books provided none/);
  });

  it('never changes the example record: PUT and DELETE stay blocked behind the create', async () => {
    const runs = await smoke(providersFail, true);
    for (const id of ['PUT /books/{book_id}', 'DELETE /books/{book_id}']) {
      expect(runs.get(id)!.status, id).toBe('blocked');
      expect(runs.get(id)!.blockedBy).toEqual(['POST /books']);
    }
  });

  it('an example id the app does not hold (404) leaves the read blocked behind its providers', async () => {
    const runs = await smoke(providersFail, false);
    const read = runs.get('GET /books/{book_id}')!;
    expect(read.status).toBe('blocked');
    expect(read.blockedBy).toEqual(['POST /books', 'GET /books']);
    expect(read.notes.join()).toMatch(/the contract's example answered 404/);
    expect(read.response).toMatchObject({ status: 404 });
  });

  it('a provider that produced an id still wins over the example', async () => {
    const runs = await smoke([], true);
    const read = runs.get('GET /books/{book_id}')!;
    expect(read.status).toBe('passed');
    expect(read.request!.path).not.toBe('/books/7');
    expect(read.notes.join()).not.toMatch(/contract's example/);
  });
});
