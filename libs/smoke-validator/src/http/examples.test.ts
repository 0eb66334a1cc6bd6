import { describe, expect, it } from 'vitest';
import { summarizeScenarios } from '../smoke-result.js';
import { attributeTraces } from './attribute-traces.js';
import { buildSmokeResult } from './build-result.js';
import { executeScenarios } from './execute-scenarios.js';
import { generateScenarios, type GenerateOptions } from './generate/generate-scenarios.js';
import { buildApiModel } from './openapi/api-model.js';
import { orderScenarios } from './order-scenarios.js';
import type { Scenario } from './scenario.js';
import { fakeCrudApi, libraryOpenApi, type FakeFault } from './test-support/fake-api.js';

const api = () => buildApiModel(libraryOpenApi(), 'library.json');
const generate = (options: GenerateOptions = {}) => generateScenarios(api(), { seed: 't1', ...options });
const sent = (s: Scenario) => JSON.stringify([s.pathParams, s.query, s.body ?? null, s.bindings]);

async function smoke(options: GenerateOptions, faults: readonly FakeFault[] = []) {
  const fake = fakeCrudApi(faults);
  const plan = orderScenarios(generate(options));
  const runs = await executeScenarios(plan, { http: fake.client, baseUrl: 'http://127.0.0.1:9', concurrency: 1 });
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
  });
  return { fake, plan, runs, result };
}

describe('examples per operation', () => {
  it('by default (1) generates exactly the positive scenarios', () => {
    expect(generate({ examplesPerOperation: 1 })).toEqual(generate());
    expect(generate().every((s) => s.variant === undefined && s.id === s.endpoint)).toBe(true);
  });

  it('adds distinct schema-valid examples #2… per operation with something to vary, accepting a 2xx or a 4xx', () => {
    const scenarios = generate({ examplesPerOperation: 4 });
    const ids = scenarios.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'POST /authors #2',
        'POST /authors #3',
        'POST /authors #4',
        'POST /books #4',
        'GET /books #2',
      ]),
    );
    // only a bound id: nothing to vary
    expect(ids.some((id) => id.startsWith('GET /authors/{author_id} #'))).toBe(false);
    const books = scenarios.filter((s) => s.endpoint === 'POST /books');
    expect(new Set(books.map(sent)).size).toBe(books.length);
    const example = books.find((s) => s.id === 'POST /books #3')!;
    expect(example).toMatchObject({ variant: 'example', variantOf: 'POST /books', role: 'other' });
    expect(example.expectedStatuses).toEqual(expect.arrayContaining([201, 400, 404, 409, 422, 499]));
    expect(example.expectedStatuses.some((s) => s >= 500)).toBe(false);
    expect(example.bindings.map((b) => b.name)).toContain('/authorId'); // ids still come from the run's entities
    // the first example is the minimal request: required properties only
    expect(Object.keys(books.find((s) => s.id === 'POST /books #2')!.body as object).sort()).toEqual([
      'authorId',
      'title',
    ]);
  });

  it('keeps ids and requests stable whatever the count asked for', () => {
    const three = generate({ examplesPerOperation: 3 }).filter((s) => s.variant);
    const six = new Map(generate({ examplesPerOperation: 6 }).map((s) => [s.id, s]));
    for (const s of three) expect(sent(six.get(s.id)!)).toBe(sent(s));
  });

  it('runs examples after every positive non-delete scenario and before the deletes of what they use', () => {
    const order = orderScenarios(generate({ examplesPerOperation: 3, boundary: true })).scenarios;
    const at = (id: string) => order.findIndex((s) => s.id === id);
    const lastPositive = Math.max(
      ...order.flatMap((s, i) => (s.variant === undefined && s.role !== 'delete' ? [i] : [])),
    );
    expect(Math.min(...order.flatMap((s, i) => (s.variant ? [i] : [])))).toBeGreaterThan(lastPositive);
    expect(at('PUT /books/{book_id} #2')).toBeLessThan(at('DELETE /books/{book_id}'));
    expect(at('GET /books/{book_id} [boundary path]')).toBeGreaterThan(lastPositive);
    // the positive scenarios keep their order; only deletes wait for the variants that use what they delete
    const positives = (list: readonly Scenario[]) =>
      list.filter((s) => s.variant === undefined && s.role !== 'delete').map((s) => s.id);
    expect(positives(order)).toEqual(positives(orderScenarios(generate()).scenarios));
  });

  it(`reports a crash on an example as its own scenario, failing its endpoint; blocked when its ids cannot be \
had`, async () => {
    const { result } = await smoke({ examplesPerOperation: 3 }, [
      {
        match: /^POST \/books$/,
        status: 500,
        trace: { file: 'app/books.py', line: 12, error: 'ValueError: empty title' },
      },
    ]);
    // the fault hits every POST /books; positive, #2 and #3 each fail with the same signature
    const failed = result.violations.filter((v) => v.endpoint === 'POST /books');
    expect(failed.map((v) => v.scenarioId).sort()).toEqual(['POST /books', 'POST /books #2', 'POST /books #3']);
    expect(new Set(failed.map((v) => v.signature.hash)).size).toBe(1);
    const blocked = result.scenarios.filter((s) => s.status === 'blocked').map((s) => s.id);
    expect(blocked).toEqual(expect.arrayContaining(['PUT /books/{book_id} #2', 'GET /books/{book_id}']));
    expect(result.scenarios.find((s) => s.id === 'POST /authors #2')!.status).toBe('passed');
  });

  it('count toward their endpoint: an endpoint passes only when all its examples pass', async () => {
    const { result } = await smoke({ examplesPerOperation: 2, boundary: true }, [
      {
        match: /^GET \/books\/\d{12,}$/,
        status: 500,
        trace: {
          file: 'app/lookup.py',
          line: 9,
          error: 'OverflowError: Python int too large to convert to SQLite INTEGER',
        },
      },
    ]);
    expect(result.scenarios.find((s) => s.id === 'GET /books/{book_id}')!.status).toBe('passed');
    const violation = result.violations.find((v) => v.scenarioId === 'GET /books/{book_id} [boundary path]')!;
    expect(violation.path).toBe('/books/9223372036854775808');
    expect(violation.signature.exceptionType).toBe('OverflowError');
    const summary = summarizeScenarios(result.scenarios);
    expect(summary.endpoints.find((e) => e.endpoint === 'GET /books/{book_id}')!.status).toBe('failed');
  });

  it('boundary variants put extremes in optional query parameters and, separately, in bound path ids', () => {
    const scenarios = generate({ boundary: true });
    const list = scenarios.find((s) => s.id === 'GET /books [boundary]')!;
    expect(BigInt(list.query['limit']!)).toBeGreaterThan(2n ** 63n - 1n);
    const path = scenarios.find((s) => s.id === 'PUT /books/{book_id} [boundary path]')!;
    expect(path.bindings.some((b) => b.in === 'path')).toBe(false);
    expect(BigInt(path.pathParams['book_id']!)).toBeGreaterThan(2n ** 63n - 1n);
    // Only the path is extreme; the example title carries the scenario's own unique suffix.
    const positiveBody = scenarios.find((s) => s.id === 'PUT /books/{book_id}')!.body as Record<string, unknown>;
    expect(path.body).toEqual({ ...positiveBody, title: expect.stringMatching(/^Dune-[a-z0-9]{6}$/) });
    expect(
      scenarios.find((s) => s.id === 'PUT /books/{book_id} [boundary]')!.bindings.some((b) => b.in === 'path'),
    ).toBe(true);
    expect(scenarios.some((s) => s.id === 'POST /authors [boundary path]')).toBe(false); // no id in its path
  });
});
