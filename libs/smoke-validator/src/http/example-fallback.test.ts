import { describe, expect, it } from 'vitest';
import { executeScenarios } from './execute-scenarios.js';
import { generateScenarios } from './generate/generate-scenarios.js';
import { buildApiModel } from './openapi/api-model.js';
import { orderScenarios } from './order-scenarios.js';
import { fakeCrudApi, libraryOpenApi } from './test-support/fake-api.js';

type Param = { schema: object };

/** The library API with a documented example id (7) on every `book_id` path parameter. */
function documentedExampleApi(place: (p: Param) => object = (p) => ({ ...p, example: 7 })) {
  const doc = libraryOpenApi() as { paths: Record<string, Record<string, { parameters?: Param[] }>> };
  for (const op of Object.values(doc.paths['/books/{book_id}']!)) op.parameters = op.parameters?.map(place) as Param[];
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

  it('an example answered 404 the way a path no route serves is answered fails: the route is missing', async () => {
    const unrouted = [
      ...providersFail,
      { match: /^GET \/books\/7$/, status: 404, body: JSON.stringify({ detail: 'no route for /books/7' }) },
    ];
    const runs = await smoke(unrouted, true);
    const read = runs.get('GET /books/{book_id}')!;
    expect(read.status).toBe('failed');
    expect(read.notes.join()).toMatch(/the way a path no route serves does: the route is missing, not the record/);
    // A handler's own words for a record it does not hold stay an absent example.
    const absent = await smoke(
      [
        ...providersFail,
        { match: /^GET \/books\/7$/, status: 404, body: JSON.stringify({ detail: 'Book 7 not found' }) },
      ],
      true,
    );
    expect(absent.get('GET /books/{book_id}')!.status).toBe('blocked');
  });

  it('a provider that produced an id still wins over the example', async () => {
    const runs = await smoke([], true);
    const read = runs.get('GET /books/{book_id}')!;
    expect(read.status).toBe('passed');
    expect(read.request!.path).not.toBe('/books/7');
    expect(read.notes.join()).not.toMatch(/contract's example/);
  });
});

describe('a read of the documented example ids, beside the ids the run created', () => {
  it("reads the app's own example record as well as the one the run created", async () => {
    const runs = await smoke([], true);
    expect(runs.get('GET /books/{book_id}')!.request!.path).not.toBe('/books/7');
    const documented = runs.get('GET /books/{book_id} [documented ids]')!;
    expect(documented.status).toBe('passed');
    expect(documented.request!.path).toBe('/books/7');
    expect(documented.notes.join()).toMatch(/book_id is the contract's example 7/);
  });

  it('fails where the example record fails, and is blocked where the app does not hold it', async () => {
    const broken = await smoke([{ match: /^GET \/books\/7$/, status: 500 }], true);
    expect(broken.get('GET /books/{book_id}')!.status).toBe('passed');
    expect(broken.get('GET /books/{book_id} [documented ids]')!.status).toBe('failed');
    // The run's own read failed already: the documented one adds nothing and is not sent.
    const both = await smoke([{ match: /^GET \/books\/\d+$/, status: 500 }], true);
    expect(both.get('GET /books/{book_id}')!.status).toBe('failed');
    expect(both.get('GET /books/{book_id} [documented ids]')!).toMatchObject({
      status: 'blocked',
      blockedBy: ['GET /books/{book_id}'],
    });
    const missing = await smoke([], false);
    expect(missing.get('GET /books/{book_id} [documented ids]')!.status).toBe('blocked');
  });

  it('is no variant of a write, nor of a read without a documented example', async () => {
    const runs = await smoke([], true);
    expect([...runs.keys()].filter((id) => id.endsWith('[documented ids]'))).toEqual([
      'GET /books/{book_id} [documented ids]',
    ]);
  });

  it("reads a list with the optional query parameters' documented examples too (a page, a filter)", async () => {
    const doc = libraryOpenApi() as {
      paths: Record<string, Record<string, { parameters?: Record<string, unknown>[] }>>;
    };
    doc.paths['/books']!['get']!.parameters![0]!['example'] = 2;
    const scenarios = generateScenarios(buildApiModel(doc as Record<string, unknown>, 'library.json'), { seed: 't1' });
    const ids = scenarios.map((s) => s.id);
    expect(scenarios.find((s) => s.id === 'GET /books')!.query).toEqual({});
    expect(scenarios.find((s) => s.id === 'GET /books [documented query]')!.query).toEqual({ limit: '2' });
    expect(ids.filter((id) => id.endsWith('[documented query]'))).toEqual(['GET /books [documented query]']);
    const fake = fakeCrudApi([{ match: /^GET \/books$/, status: 400, when: (r) => r.url.includes('limit=2') }]);
    const runs = await executeScenarios(orderScenarios(scenarios), {
      http: fake.client,
      baseUrl: 'http://127.0.0.1:9',
    });
    const documented = runs.find((r) => r.scenario.id === 'GET /books [documented query]')!;
    // A 4xx to the documented query (a filter naming a record this app does not hold) blocks it.
    expect(documented.status).toBe('blocked');
    expect(documented.notes.join()).toMatch(/the query is the contract's example; the contract's example answered 400/);
    expect(runs.find((r) => r.scenario.id === 'GET /books')!.status).toBe('passed');
  });

  it("takes the example from the parameter's schema too (FastAPI's Path(examples=[7]))", async () => {
    const api = documentedExampleApi((p) => ({ ...p, schema: { ...p.schema, examples: [7] } }));
    const read = api.operations.find((op) => op.endpoint === 'GET /books/{book_id}')!;
    expect(read.parameters.find((p) => p.name === 'book_id')!.example).toBe(7);
  });
});

describe("a create refused under the run's own parent is sent again under the documented one", () => {
  const exampleParent = () => {
    const doc = libraryOpenApi() as { paths: Record<string, Record<string, { parameters?: Param[] }>> };
    for (const op of Object.values(doc.paths['/books/{book_id}/reviews']!))
      op.parameters = op.parameters?.map((p) => ({ ...p, example: 7 })) as Param[];
    return buildApiModel(doc as Record<string, unknown>, 'library.json');
  };
  async function reviews(faults: Parameters<typeof fakeCrudApi>[0]) {
    const fake = fakeCrudApi(faults);
    fake.store.set('/books', new Map([['7', { id: 7, title: 'Seeded', authorId: 1 }]]));
    const plan = orderScenarios(generateScenarios(exampleParent(), { seed: 't1' }));
    const runs = await executeScenarios(plan, { http: fake.client, baseUrl: 'http://127.0.0.1:9' });
    return { fake, run: runs.find((r) => r.scenario.id === 'POST /books/{book_id}/reviews')! };
  }

  it('passes when the example parent takes it, and says so', async () => {
    const { run } = await reviews([{ match: /^POST \/books\/(?!7\/)\d+\/reviews$/, status: 422 }]);
    expect(run.status).toBe('passed');
    expect(run.request!.path).toBe('/books/7/reviews');
    expect(run.notes.join()).toMatch(
      /refused \(422\) under the run's own parent; sent again under the contract's example book_id 7/,
    );
  });

  it("keeps the first answer when the example parent refuses too, and never retries what wasn't refused", async () => {
    const refused = await reviews([{ match: /^POST \/books\/\d+\/reviews$/, status: 422 }]);
    expect(refused.run.status).toBe('failed');
    expect(refused.run.request!.path).not.toBe('/books/7/reviews');
    const missing = await reviews([{ match: /^POST \/books\/(?!7\/)\d+\/reviews$/, status: 404 }]);
    expect(missing.run.status).toBe('failed');
    expect(missing.fake.calls.filter((c) => c.method === 'POST' && c.url.endsWith('/books/7/reviews'))).toEqual([]);
    // A conflict under a parent is the app's to explain: no documented parent hides it.
    const conflict = await reviews([{ match: /^POST \/books\/(?!7\/)\d+\/reviews$/, status: 409 }]);
    expect(conflict.run.status).toBe('failed');
    expect(conflict.fake.calls.filter((c) => c.method === 'POST' && c.url.endsWith('/books/7/reviews'))).toEqual([]);
    const worse = await reviews([
      { match: /^POST \/books\/(?!7\/)\d+\/reviews$/, status: 422 },
      { match: /^POST \/books\/7\/reviews$/, status: 500 },
    ]);
    expect(worse.run.status).toBe('failed');
    expect(worse.run.request!.path).toBe('/books/7/reviews');
    expect(worse.run.response).toMatchObject({ status: 500 });
    const crashed = await reviews([{ match: /^POST \/books\/(?!7\/)\d+\/reviews$/, status: 500 }]);
    expect(crashed.run.status).toBe('failed');
    expect(crashed.fake.calls.filter((c) => c.method === 'POST' && c.url.endsWith('/books/7/reviews'))).toEqual([]);
  });

  it('retries a 409 under a parent the run only listed: that record is in whatever state the app keeps', async () => {
    const fake = fakeCrudApi([
      { match: /^POST \/books$/, status: 500 },
      { match: /^POST \/books\/3\/reviews$/, status: 409 },
    ]);
    fake.store.set(
      '/books',
      new Map([
        ['3', { id: 3, title: 'Closed', authorId: 1 }],
        ['7', { id: 7, title: 'Seeded', authorId: 1 }],
      ]),
    );
    const plan = orderScenarios(generateScenarios(exampleParent(), { seed: 't1' }));
    const runs = await executeScenarios(plan, { http: fake.client, baseUrl: 'http://127.0.0.1:9' });
    const run = runs.find((r) => r.scenario.id === 'POST /books/{book_id}/reviews')!;
    expect(run.status).toBe('passed');
    expect(run.request!.path).toBe('/books/7/reviews');
    expect(fake.calls.some((c) => c.method === 'POST' && c.url.endsWith('/books/3/reviews'))).toBe(true);
  });
});

describe("a create refused for the run's own pairing of records is sent again with the documented references", () => {
  it('passes when the example references take it (a 409 for the pair the run made)', async () => {
    const doc = libraryOpenApi() as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, object> } }>>;
    };
    const loan = doc.paths['/loans']!['post']!;
    const media = loan.requestBody!.content['application/json']!;
    loan.requestBody!.content['application/json'] = { ...media, example: { book_id: 7, member_email: 'a@b.co' } };
    const run = async (faults: Parameters<typeof fakeCrudApi>[0]) => {
      const fake = fakeCrudApi(faults);
      fake.store.set('/books', new Map([['7', { id: 7, title: 'Seeded', authorId: 1 }]]));
      const plan = orderScenarios(
        generateScenarios(buildApiModel(doc as Record<string, unknown>, 'l.json'), { seed: 't1' }),
      );
      const runs = await executeScenarios(plan, { http: fake.client, baseUrl: 'http://127.0.0.1:9' });
      return {
        fake,
        post: runs.find((r) => r.scenario.id === 'POST /loans')!,
        giveBack: runs.find((r) => r.scenario.id === 'POST /loans/{loan_id}/return')!,
      };
    };
    const ownBook = (r: { body?: string }) => !/"book_id":7\b/.test(r.body ?? '');
    const conflict = await run([{ match: /^POST \/loans$/, status: 409, when: ownBook }]);
    expect(conflict.post.status).toBe('passed');
    expect(conflict.post.request!.json).toMatchObject({ book_id: 7 });
    expect(conflict.post.notes.join()).toMatch(/refused \(409\) under the run's own parent; .*example book_id 7/);
    // Only a reference in the body changed: the loan is the run's own, and its return acts on it.
    expect(conflict.giveBack.status).toBe('passed');
    expect(conflict.giveBack.request!.path).toBe(
      `/loans/${(conflict.post.response as { body: string }).body.match(/"id":(\d+)/)![1]}/return`,
    );
    // A missing record (404) is no pairing of the run's: never sent again under the documented book
    // (only with the contract's own e-mail, in case the unique one was the unknown record).
    const missing = await run([{ match: /^POST \/loans$/, status: 404, when: ownBook }]);
    expect(missing.post.status).toBe('failed');
    const loans = missing.fake.calls.filter((c) => c.method === 'POST' && c.url.endsWith('/loans'));
    expect(loans.filter((c) => !ownBook(c))).toEqual([]);
    expect(loans.map((c) => JSON.parse(c.body ?? '{}').member_email)).toEqual([
      expect.not.stringMatching(/^a@b\.co$/),
      'a@b.co',
    ]);
  });
});

describe('a body reference taken from the contract example', () => {
  it('is blocked, not failed, when the app refuses the example id with a 4xx', async () => {
    const doc = libraryOpenApi() as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, object> } }>>;
    };
    const loan = doc.paths['/loans']!['post']!;
    const media = loan.requestBody!.content['application/json']!;
    loan.requestBody!.content['application/json'] = { ...media, example: { book_id: 7, member_email: 'a@b.co' } };
    const fake = fakeCrudApi([
      ...providersFail,
      { match: /^POST \/loans$/, status: 422, body: '{"detail": "unknown book"}' },
    ]);
    const plan = orderScenarios(
      generateScenarios(buildApiModel(doc as Record<string, unknown>, 'l.json'), { seed: 't1' }),
    );
    const runs = await executeScenarios(plan, { http: fake.client, baseUrl: 'http://127.0.0.1:9' });
    const post = runs.find((r) => r.scenario.id === 'POST /loans')!;
    expect(post.status).toBe('blocked');
    expect(post.notes.join()).toMatch(/POST \/books, GET \/books provided none; the contract's example answered 422/);
  });
});
