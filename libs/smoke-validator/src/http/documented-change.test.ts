import { describe, expect, it } from 'vitest';
import { executeScenarios } from './execute-scenarios.js';
import { generateScenarios } from './generate/generate-scenarios.js';
import { buildApiModel } from './openapi/api-model.js';
import { orderScenarios } from './order-scenarios.js';
import { fakeCrudApi, libraryOpenApi } from './test-support/fake-api.js';

type Param = { schema: object };
const CHANGE = 'PUT /books/{book_id} [documented ids]';

/** The library API with the seeded book 7 as the documented example of every `book_id` in `/books/{book_id}`. */
function documentedExampleApi() {
  const doc = libraryOpenApi() as { paths: Record<string, Record<string, { parameters?: Param[] }>> };
  for (const op of Object.values(doc.paths['/books/{book_id}']!))
    op.parameters = op.parameters?.map((p) => ({ ...p, example: 7 }));
  return buildApiModel(doc as Record<string, unknown>, 'library.json');
}

async function smoke(documentedTargets: boolean, faults: Parameters<typeof fakeCrudApi>[0] = []) {
  const fake = fakeCrudApi(faults);
  fake.store.set('/books', new Map([['7', { id: 7, title: 'Seeded', authorId: 1 }]]));
  const scenarios = generateScenarios(documentedExampleApi(), { seed: 't1', documentedTargets });
  const plan = orderScenarios(scenarios);
  const runs = await executeScenarios(plan, {
    http: fake.client,
    baseUrl: 'http://127.0.0.1:9',
    concurrency: 1,
    documentedTargets,
  });
  return { fake, plan, runs: new Map(runs.map((r) => [r.scenario.id, r])) };
}

describe("a change sent to the contract's example record (documentedTargets)", () => {
  it("sends the positive request to the example id, after the positive scenarios and the example's reads", async () => {
    const { fake, plan, runs } = await smoke(true);
    const change = runs.get(CHANGE)!;
    expect(change.status).toBe('passed');
    expect(change.request!.path).toBe('/books/7');
    // The positive body (its unique values suffixed for this scenario, as every writer's are).
    const body = change.request!.json as { title: string; authorId: number };
    expect(Object.keys(body)).toEqual(Object.keys(runs.get('PUT /books/{book_id}')!.request!.json as object));
    expect(change.notes.join()).toMatch(/book_id is the contract's example 7/);
    expect(fake.store.get('/books')!.get('7')).toMatchObject({ title: body.title });
    const order = plan.scenarios.map((s) => s.id);
    const at = order.indexOf(CHANGE);
    for (const id of ['PUT /books/{book_id}', 'GET /books/{book_id}', 'GET /books/{book_id} [documented ids]'])
      expect(order.indexOf(id), id).toBeLessThan(at);
    // The run's own book is deleted after the change, never the example.
    expect(order.indexOf('DELETE /books/{book_id}')).toBeGreaterThan(at);
    expect(fake.calls.filter((c) => c.method === 'DELETE' && c.url.endsWith('/books/7'))).toEqual([]);
  });

  it('fails on a 5xx: the seeded record differs from the ones the app creates', async () => {
    const frozen = [
      { match: /^PUT \/books\/7$/, status: 500, body: '{"error":"Cannot assign to read only property"}' },
    ];
    const { runs } = await smoke(true, frozen);
    expect(runs.get('PUT /books/{book_id}')!.status).toBe('passed');
    expect(runs.get(CHANGE)!).toMatchObject({ status: 'failed', failure: { kind: 'server_error' } });
  });

  it('fails on a 2xx whose body breaks the documented schema', async () => {
    const { runs } = await smoke(true, [{ match: /^PUT \/books\/7$/, status: 200, body: '{"id":"seven"}' }]);
    expect(runs.get(CHANGE)!).toMatchObject({ status: 'failed', failure: { kind: 'schema_mismatch' } });
  });

  it('is blocked on any 4xx: a seeded record may refuse the change, or not be there', async () => {
    for (const status of [404, 409, 400]) {
      const { runs } = await smoke(true, [{ match: /^PUT \/books\/7$/, status, body: '{"detail":"NaN"}' }]);
      const change = runs.get(CHANGE)!;
      expect(change.status, String(status)).toBe('blocked');
      expect(change.blockedBy).toEqual([]);
      expect(change.notes.join()).toMatch(new RegExp(`the contract's example answered ${status} \\(a seeded record`));
      // The loop reads `is the contract's example …: …` as an id standing in for a missing provider.
      expect(change.notes.join()).not.toMatch(/is the contract's example .*: /);
    }
  });

  it('fails on a 404 the way a path no route serves is answered: the route for that method is missing', async () => {
    const unrouted = [{ match: /^PUT \/books\/7$/, status: 404, body: '{"detail":"no route for /books/7"}' }];
    const { runs } = await smoke(true, unrouted);
    const change = runs.get(CHANGE)!;
    expect(change).toMatchObject({ status: 'failed', failure: { kind: 'status_mismatch' } });
    expect(change.notes.join()).toMatch(/the way a path no route serves does: the route is missing, not the record/);
  });

  it('is not sent when its positive change failed already', async () => {
    const { fake, runs } = await smoke(true, [{ match: /^PUT \/books\/\d+$/, status: 500 }]);
    expect(runs.get(CHANGE)!).toMatchObject({ status: 'blocked', blockedBy: ['PUT /books/{book_id}'] });
    expect(fake.calls.filter((c) => c.method === 'PUT' && c.url.endsWith('/books/7'))).toEqual([]);
  });

  it('is not generated without documentedTargets: a plain smoke keeps its scenarios', async () => {
    const { fake, runs } = await smoke(false);
    expect(runs.has(CHANGE)).toBe(false);
    expect(fake.calls.filter((c) => c.method === 'PUT' && c.url.endsWith('/books/7'))).toEqual([]);
    const plain = generateScenarios(documentedExampleApi(), { seed: 't1' }).map((s) => s.id);
    const on = generateScenarios(documentedExampleApi(), { seed: 't1', documentedTargets: true }).map((s) => s.id);
    expect(on.filter((id) => id !== CHANGE)).toEqual(plain);
  });

  it('is blocked unsent by a run without documentedTargets, whatever the plan holds', async () => {
    const fake = fakeCrudApi();
    const plan = orderScenarios(generateScenarios(documentedExampleApi(), { seed: 't1', documentedTargets: true }));
    const runs = await executeScenarios(plan, { http: fake.client, baseUrl: 'http://127.0.0.1:9' });
    const change = runs.find((r) => r.scenario.id === CHANGE)!;
    expect(change.status).toBe('blocked');
    expect(change.notes.join()).toMatch(/smoke.documentedTargets is off/);
    expect(fake.calls.filter((c) => c.method === 'PUT' && c.url.endsWith('/books/7'))).toEqual([]);
  });

  it('is no variant of a DELETE, nor of a change to a record nothing creates', () => {
    const ids = generateScenarios(documentedExampleApi(), { seed: 't1', documentedTargets: true }).map((s) => s.id);
    expect(ids.filter((id) => id.endsWith('[documented ids]'))).toEqual([
      'GET /books/{book_id} [documented ids]',
      CHANGE,
    ]);
    const doc = libraryOpenApi() as { paths: Record<string, Record<string, { parameters?: Param[] }>> };
    delete doc.paths['/books']!['post'];
    for (const op of Object.values(doc.paths['/books/{book_id}']!))
      op.parameters = op.parameters?.map((p) => ({ ...p, example: 7 }));
    const seededOnly = generateScenarios(buildApiModel(doc as Record<string, unknown>, 'library.json'), {
      seed: 't1',
      documentedTargets: true,
    });
    expect(seededOnly.map((s) => s.id)).not.toContain(CHANGE);
  });
});

describe("a change of the run's own record refused 409 (smoke.documentedTargets)", () => {
  const ownRefused = [{ match: /^PUT \/books\/(?!7$)\d+$/, status: 409 }];

  it("is sent again to the contract's example record in the loop, and judged there", async () => {
    const { runs } = await smoke(true, ownRefused);
    const put = runs.get('PUT /books/{book_id}')!;
    expect(put.status).toBe('passed');
    expect(put.request!.path).toBe('/books/7');
    expect(put.notes.join()).toMatch(/refused \(409\).*contract's example book_id 7/);
  });

  it("stays the run's own failure in a plain smoke, which never changes the app's data", async () => {
    const { fake, runs } = await smoke(false, ownRefused);
    expect(runs.get('PUT /books/{book_id}')!.status).toBe('failed');
    expect(fake.calls.filter((c) => c.method === 'PUT' && c.url.endsWith('/books/7'))).toEqual([]);
  });
});
