import { describe, expect, it } from 'vitest';
import { OpenApiInvalidError } from '../errors.js';
import { attributeTraces } from './attribute-traces.js';
import { buildSmokeResult } from './build-result.js';
import { executeScenarios } from './execute-scenarios.js';
import { generateScenarios } from './generate/generate-scenarios.js';
import { idBase, inferResources, singularize } from './generate/resources.js';
import { buildApiModel } from './openapi/api-model.js';
import { parseDocumentText } from '../adapters/load-openapi.js';
import { orderScenarios } from './order-scenarios.js';
import { fakeCrudApi, libraryOpenApi } from './test-support/fake-api.js';

const api = () => buildApiModel(libraryOpenApi(), 'library.json');
const byId = <T extends { id: string }>(list: readonly T[], id: string) => list.find((s) => s.id === id)!;

async function smoke(
  faults: Parameters<typeof fakeCrudApi>[0] = [],
  options: Parameters<typeof fakeCrudApi>[1] = {},
  concurrency = 1,
) {
  const fake = fakeCrudApi(faults, options);
  const plan = orderScenarios(generateScenarios(api(), { seed: 't1' }));
  const runs = await executeScenarios(plan, {
    http: fake.client,
    baseUrl: 'http://127.0.0.1:9',
    concurrency,
    headers: { Authorization: 'Bearer s3cr3t-token-value' },
  });
  const requests = runs.flatMap((r) =>
    r.request
      ? [
          {
            requestId: r.request.requestId,
            startMs: r.startMs,
            endMs: r.endMs,
            status: r.response?.ok ? r.response.status : null,
          },
        ]
      : [],
  );
  const attribution = attributeTraces(fake.log, requests, { parse: { appRoot: '/srv/app' } });
  const result = buildSmokeResult({
    runs,
    attribution,
    serverLogPath: null,
    startedAtMs: 0,
    durationMs: 5,
    target: 'http://127.0.0.1:9',
    secrets: ['s3cr3t-token-value'],
  });
  return { fake, plan, runs, result };
}

describe('resource inference', () => {
  it('infers collections, nested collections, roles and id fields without knowing names', () => {
    const index = inferResources(api().operations);
    expect([...index.resources.keys()].sort()).toEqual(['/authors', '/books', '/books/{book_id}/reviews', '/loans']);
    const op = (endpoint: string) => api().operations.find((o) => o.endpoint === endpoint)!;
    expect(index.roleOf(op('POST /books'))).toBe('create');
    expect(index.roleOf(op('POST /books/{book_id}/reviews'))).toBe('create');
    expect(index.roleOf(op('POST /loans/{loan_id}/return'))).toBe('action');
    expect(index.roleOf(op('DELETE /books/{book_id}'))).toBe('delete');
    expect(index.targetOf(op('POST /loans/{loan_id}/return'))).toBe('/loans');
    expect(index.resourceForField('authorId')).toBe('/authors');
    expect(index.resourceForField('book_id')).toBe('/books');
    expect(index.resourceForField('review_id')).toBe('/books/{book_id}/reviews');
    expect(index.resourceForPathParam('/books/{book_id}/reviews/{review_id}', 'review_id')).toBe(
      '/books/{book_id}/reviews',
    );
    expect(index.resourceForField('title')).toBeUndefined();
    expect(singularize('categories')).toBe('category');
    expect(singularize('boxes')).toBe('box');
    expect(singularize('addresses')).toBe('address');
    expect(idBase('customerId')).toBe('customer');
    expect(idBase('order-uuid')).toBe('order');
    expect(idBase('paid')).toBeUndefined();
  });
});

describe('generation and ordering', () => {
  it('generates one scenario per operation with documented statuses and bindings', () => {
    const scenarios = generateScenarios(api(), { seed: 't1' });
    expect(scenarios).toHaveLength(api().operations.length);
    const createBook = byId(scenarios, 'POST /books');
    expect(createBook.expectedStatuses).toEqual([201]);
    // the example, made unique
    expect(createBook.body).toMatchObject({ title: expect.stringMatching(/^Dune-[a-z0-9]{6}$/) });
    expect(createBook.bindings).toEqual([{ in: 'body', name: '/authorId', resource: '/authors', field: 'authorId' }]);
    expect(byId(scenarios, 'DELETE /books/{book_id}').expectedStatuses).toEqual([204]);
    expect(byId(scenarios, 'GET /books/{book_id}/reviews/{review_id}').bindings.map((b) => b.resource)).toEqual([
      '/books',
      '/books/{book_id}/reviews',
    ]);
  });

  it('orders providers before consumers, nested creates after parents, actions after reads, deletes last', () => {
    const order = orderScenarios(generateScenarios(api())).scenarios.map((s) => s.id);
    const before = (a: string, b: string) =>
      expect(order.indexOf(a), `${a} before ${b}`).toBeLessThan(order.indexOf(b));
    before('POST /authors', 'POST /books');
    before('POST /books', 'POST /books/{book_id}/reviews');
    before('POST /books/{book_id}/reviews', 'GET /books/{book_id}/reviews/{review_id}');
    before('POST /books', 'POST /loans');
    before('POST /loans', 'POST /loans/{loan_id}/return');
    before('GET /books/{book_id}', 'PUT /books/{book_id}');
    before('PUT /books/{book_id}', 'DELETE /books/{book_id}');
    before('POST /loans', 'DELETE /books/{book_id}');
    before('GET /books/{book_id}/reviews/{review_id}', 'DELETE /books/{book_id}');
  });
});

describe('execution', () => {
  it('captures ids from responses and substitutes them into later paths and bodies', async () => {
    const { fake, result } = await smoke();
    expect(result.violations).toEqual([]);
    expect(result.passRate).toBe(1);
    const createBook = fake.calls.find((c) => c.method === 'POST' && c.url.endsWith('/books'))!;
    const author = fake.calls.find((c) => c.method === 'POST' && c.url.endsWith('/authors'))!;
    expect(JSON.parse(createBook.body!).authorId).toBe(1);
    expect(JSON.parse(author.body!).name).toBeTypeOf('string');
    expect(fake.calls.some((c) => /\/books\/2\/reviews\/\d+$/.test(c.url))).toBe(true);
    expect(fake.calls.every((c) => /^[0-9a-f-]{36}$/.test(c.headers['X-Request-ID'] ?? ''))).toBe(true);
  });

  it('marks consumers of a failed create as blocked (not failed), with the failed prerequisite named', async () => {
    const { result } = await smoke([{ match: /^POST \/books$/, status: 500 }]);
    // GET /books lists nothing (the create failed), so nothing can provide a book id.
    const blocked = result.scenarios.filter((s) => s.status === 'blocked').map((s) => s.id);
    expect(blocked).toEqual(
      expect.arrayContaining([
        'GET /books/{book_id}',
        'PUT /books/{book_id}',
        'POST /books/{book_id}/reviews',
        'POST /loans',
      ]),
    );
    expect(byId(result.scenarios, 'GET /books/{book_id}').blockedBy).toEqual(['POST /books']);
    expect(result.violations.map((v) => v.endpoint)).toEqual(['POST /books']);
    expect(result.blocked).toBe(blocked.length);
    expect(result.endpointsPassed).toBe(result.endpointsTested - 1 - blocked.length);
  });

  it('falls back to a listed entity when the create fails but the listing has one', async () => {
    const fake = fakeCrudApi([{ match: /^POST \/authors$/, status: 500 }]);
    fake.store.set('/authors', new Map([['7', { id: 7, name: 'Existing' }]]));
    const plan = orderScenarios(generateScenarios(api()));
    const runs = await executeScenarios(plan, { http: fake.client, baseUrl: 'http://127.0.0.1:9' });
    const book = runs.find((r) => r.scenario.id === 'POST /books')!;
    expect(book.status).toBe('passed');
    expect(JSON.parse(book.request!.body!).authorId).toBe(7);
    expect(book.notes.join()).toMatch(/taken from GET \/authors/);
  });

  it('checks status and body schema; HTML where JSON was documented is a schema mismatch', async () => {
    const { result } = await smoke([
      { match: /^GET \/authors$/, status: 200, body: '<html><body>oops</body></html>', contentType: 'text/html' },
      { match: /^GET \/books$/, status: 200, body: '[{"id":"not-a-number"}]' },
      { match: /^POST \/loans\/\d+\/return$/, status: 404 },
    ]);
    const kinds = Object.fromEntries(result.violations.map((v) => [v.endpoint, v.kind]));
    expect(kinds).toEqual({
      'GET /authors': 'schema_mismatch',
      'GET /books': 'schema_mismatch',
      'POST /loans/{loan_id}/return': 'status_mismatch',
    });
    expect(
      byId(
        result.violations.map((v) => ({ ...v, id: v.endpoint })),
        'GET /authors',
      ).message,
    ).toMatch(/documented JSON.*text\/html/);
    expect(
      byId(
        result.violations.map((v) => ({ ...v, id: v.endpoint })),
        'GET /books',
      ).message,
    ).toMatch(/\/0\/id must be integer/);
    const signature = result.violations.find((v) => v.kind === 'status_mismatch')!.signature;
    expect(signature.key).toBe('status_mismatch@POST /loans/{loan_id}/return: HTTP 404');
  });

  it('holds a 5xx slot until afterServerError resolves, so the next request waits for the late trace', async () => {
    const fake = fakeCrudApi([{ match: /^GET \/authors$/, status: 500 }]);
    const events: string[] = [];
    const client = {
      send: (req: Parameters<typeof fake.client.send>[0]) => (
        events.push(`send ${req.method} ${new URL(req.url).pathname}`),
        fake.client.send(req)
      ),
    };
    const plan = orderScenarios(
      generateScenarios(api()).filter((s) => s.id === 'GET /authors' || s.id === 'GET /books'),
    );
    await executeScenarios(plan, {
      http: client,
      baseUrl: 'http://127.0.0.1:9',
      concurrency: 1,
      afterServerError: async () => {
        events.push('settle start');
        await new Promise((r) => setImmediate(r));
        events.push('settle end');
      },
    });
    const authors = events.indexOf('send GET /authors');
    expect(events.slice(authors, authors + 3)).toEqual(['send GET /authors', 'settle start', 'settle end']);
    expect(events.filter((e) => e.startsWith('settle'))).toHaveLength(2);
  });

  it('reports connection errors and timeouts as values', async () => {
    const plan = orderScenarios(generateScenarios(api()).filter((s) => s.id === 'GET /authors'));
    const runs = await executeScenarios(plan, {
      http: {
        send: async () => ({
          ok: false,
          kind: 'timeout',
          message: 'no complete response within 5 ms',
          startedAtMs: 0,
          durationMs: 5,
        }),
      },
      baseUrl: 'http://127.0.0.1:9',
      timeoutMs: 5,
    });
    expect(runs[0]!.failure).toEqual({ kind: 'timeout', message: 'no complete response within 5 ms' });
  });
});

describe('attribution and evidence', () => {
  it('attributes each 5xx trace by request id, with distinct signatures, even with concurrency', async () => {
    const { result } = await smoke(
      [
        {
          match: /^POST \/books$/,
          status: 500,
          trace: { file: 'app/books.py', line: 12, error: "TypeError: 'isbn' is an invalid keyword argument for Book" },
        },
        {
          match: /^GET \/authors$/,
          status: 500,
          trace: { file: 'app/authors.py', line: 30, error: "NameError: name 'utcnow' is not defined" },
        },
      ],
      {},
      4,
    );
    const errors = result.violations.filter((v) => v.kind === 'server_error');
    expect(errors).toHaveLength(2);
    for (const v of errors) {
      expect(v.traces).toHaveLength(1);
      expect(v.traces[0]!.culprit?.file).toBe(
        v.endpoint === 'POST /books' ? '/srv/app/app/books.py' : '/srv/app/app/authors.py',
      );
      expect(v.signature).toEqual(v.traces[0]!.signature);
    }
    expect(new Set(errors.map((v) => v.signature.hash)).size).toBe(2);
    expect(result.stackTraces).toHaveLength(2);
  });

  it('falls back to time window and order when the app does not log request ids', () => {
    const entries = [
      { timeMs: 100, stream: 'stderr' as const, line: 'Traceback (most recent call last):' },
      { timeMs: 100, stream: 'stderr' as const, line: '  File "/srv/app/a.py", line 1, in f' },
      { timeMs: 100, stream: 'stderr' as const, line: 'ValueError: first' },
      { timeMs: 205, stream: 'stderr' as const, line: 'Traceback (most recent call last):' },
      { timeMs: 205, stream: 'stderr' as const, line: '  File "/srv/app/b.py", line 2, in g' },
      { timeMs: 205, stream: 'stderr' as const, line: 'KeyError: second' },
    ];
    const requests = [
      { requestId: 'ok', startMs: 90, endMs: 95, status: 200 },
      { requestId: 'r1', startMs: 95, endMs: 101, status: 500 },
      { requestId: 'r2', startMs: 200, endMs: 204, status: 502 },
    ];
    const a = attributeTraces(entries, requests, { parse: { appRoot: '/srv/app' } });
    expect(a.byRequest.get('r1')?.[0]?.exception.type).toBe('ValueError');
    expect(a.byRequest.get('r2')?.[0]?.exception.type).toBe('KeyError');
    expect(a.byRequest.has('ok')).toBe(false);
    expect(a.how).toEqual(['time', 'time']);
  });

  it('redacts secrets from curl commands and excerpts, and truncates excerpts', async () => {
    const big = JSON.stringify({ token: 'abcdef123456', filler: 'x'.repeat(10_000) });
    const { result } = await smoke([{ match: /^GET \/authors$/, status: 500, body: big }]);
    const v = result.violations.find((x) => x.endpoint === 'GET /authors')!;
    expect(v.reproduce).toContain("-H 'Authorization: [REDACTED]'");
    expect(v.reproduce).not.toContain('s3cr3t');
    expect(v.reproduce).toMatch(/^curl -sS -i -X GET http:\/\/127\.0\.0\.1:9\/authors/);
    expect(v.responseExcerpt).not.toContain('abcdef123456');
    expect(Buffer.byteLength(v.responseExcerpt)).toBeLessThan(2200);
    expect(v.responseExcerpt).toMatch(/truncated/);
  });
});

describe('OpenAPI validation', () => {
  it('names the JSON path of a structural problem', () => {
    const doc = libraryOpenApi() as { paths: Record<string, Record<string, Record<string, unknown>>> };
    doc.paths['/books']!['post']!['requestBody'] = { content: 'application/json' };
    expect(() => buildApiModel(doc, 'x.json')).toThrow(/at paths\.\/books\.post\.requestBody\.content/);
    expect(() => buildApiModel({ swagger: '2.0' }, 'x.json')).toThrow(OpenApiInvalidError);
  });

  it('refuses external and dangling refs, and bad JSON with its position', () => {
    const ext = libraryOpenApi() as { components: { schemas: Record<string, unknown> } };
    ext.components.schemas['Book'] = { $ref: 'other.yaml#/Book' };
    expect(() => buildApiModel(ext, 'x.json')).toThrow(
      /external \$ref "other\.yaml#\/Book" at components\.schemas\.Book/,
    );
    const dangling = libraryOpenApi() as { components: { schemas: Record<string, unknown> } };
    dangling.components.schemas['Book'] = { $ref: '#/components/schemas/Nope' };
    expect(() => buildApiModel(dangling, 'x.json')).toThrow(/points nowhere/);
    expect(() => parseDocumentText('{"openapi": ', 'x.json')).toThrow(/not valid JSON/);
    expect(() => parseDocumentText('<!DOCTYPE html><html></html>', 'x')).toThrow(/HTML page/);
  });

  it('reads YAML documents and recursive schemas', () => {
    const yaml =
      `openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /nodes:\n    get:\n      responses:\n` +
      `        '200':\n          description: ok\n          content:\n            application/json:\n` +
      `              schema: {$ref: '#/components/schemas/Node'}\ncomponents:\n  schemas:\n    Node:\n` +
      `      type: object\n      nullable: true\n      properties:\n` +
      `        child: {$ref: '#/components/schemas/Node'}\n`;
    const model = buildApiModel(parseDocumentText(yaml, 'x.yaml'), 'x.yaml');
    expect(model.operations.map((o) => o.endpoint)).toEqual(['GET /nodes']);
  });
});
