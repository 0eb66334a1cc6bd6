import { describe, expect, it } from 'vitest';
import { executeScenarios } from './execute-scenarios.js';
import { generateScenarios } from './generate/generate-scenarios.js';
import { buildApiModel } from './openapi/api-model.js';
import { orderScenarios } from './order-scenarios.js';
import { fakeCrudApi, libraryOpenApi } from './test-support/fake-api.js';

const api = () => buildApiModel(libraryOpenApi(), 'library.json');
const existingBook = { id: 7, title: 'Existing', authorId: 1 };

async function smokeWithExistingBook(faults: Parameters<typeof fakeCrudApi>[0]) {
  const fake = fakeCrudApi(faults);
  fake.store.set('/books', new Map([['7', { ...existingBook }]]));
  const plan = orderScenarios(generateScenarios(api(), { seed: 't1' }));
  const runs = await executeScenarios(plan, { http: fake.client, baseUrl: 'http://127.0.0.1:9' });
  return { fake, runs: new Map(runs.map((r) => [r.scenario.id, r])) };
}

describe('the smoke only changes data it created', () => {
  it(`blocks PUT and DELETE of a resource whose create failed instead of taking a listed id; GET may read \
it`, async () => {
    const { fake, runs } = await smokeWithExistingBook([{ match: /^POST \/books$/, status: 500 }]);
    for (const id of ['PUT /books/{book_id}', 'DELETE /books/{book_id}']) {
      const run = runs.get(id)!;
      expect(run.status, id).toBe('blocked');
      expect(run.blockedBy).toEqual(['POST /books']);
      expect(run.notes.join()).toMatch(/only touches what this run created, and POST \/books created none/);
    }
    const read = runs.get('GET /books/{book_id}')!;
    expect(read.status).toBe('passed');
    expect(read.request!.path).toBe('/books/7');
    expect(read.notes.join()).toMatch(/taken from GET \/books/);
    // A review may still be added under the listed book (a new child is the run's own); the book itself is never
    // written.
    expect(
      fake.calls.filter((c) => ['PUT', 'PATCH', 'DELETE'].includes(c.method) && /\/books\/7$/.test(c.url)),
    ).toEqual([]);
    expect(fake.store.get('/books')!.get('7')).toEqual(existingBook);
  });

  it('PUT and DELETE act on the ids this run created; the existing record stays as it was', async () => {
    const { fake, runs } = await smokeWithExistingBook([]);
    expect(runs.get('PUT /books/{book_id}')!.status).toBe('passed');
    expect(runs.get('DELETE /books/{book_id}')!.status).toBe('passed');
    const created = fake.calls
      .find((c) => c.method === 'PUT')!
      .url.split('/')
      .pop();
    expect(created).not.toBe('7');
    expect(fake.store.get('/books')!.get('7')).toEqual(existingBook);
  });

  it('a create that answered 2xx but failed a check still made the entity: PUT and DELETE act on its id', async () => {
    const { runs } = await smokeWithExistingBook([
      { match: /^POST \/books$/, status: 200, body: '{"id": 99, "title": "made"}' },
    ]);
    expect(runs.get('POST /books')!.status).toBe('failed');
    for (const id of ['PUT /books/{book_id}', 'DELETE /books/{book_id}']) {
      expect(runs.get(id)!.status, id).not.toBe('blocked');
      expect(runs.get(id)!.request!.path).toBe('/books/99');
    }
  });
});
