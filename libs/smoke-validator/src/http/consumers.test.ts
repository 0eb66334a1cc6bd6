import { describe, expect, it } from 'vitest';
import { generateScenarios } from './generate/generate-scenarios.js';
import { buildApiModel } from './openapi/api-model.js';
import { orderScenarios } from './order-scenarios.js';

// A shop of other names, with the consumer (a checkout naming a basket in its body) listed before the
// basket's lines in the document, so document order alone would run it too early.
const json = (schema: unknown) => ({ description: 'ok', content: { 'application/json': { schema } } });
const id = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'integer' } });
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  required,
  properties,
});
const basketsApi = () =>
  buildApiModel(
    {
      openapi: '3.1.0',
      info: { title: 'baskets', version: '1' },
      paths: {
        '/checkouts': {
          post: {
            requestBody: json(obj({ basket_id: { type: 'integer' }, note: { type: 'string' } }, ['basket_id'])),
            responses: { '201': json(obj({ id: { type: 'integer' } })) },
          },
          get: { responses: { '200': json({ type: 'array' }) } },
        },
        '/checkouts/{checkout_id}': {
          get: { parameters: [id('checkout_id')], responses: { '200': json({ type: 'object' }) } },
        },
        '/goods': {
          post: {
            requestBody: json(
              obj({
                label: { type: 'string' },
                on_hand: { type: 'integer', minimum: 0, examples: [12] },
                weight: { type: 'number', minimum: 0.5 },
              }),
            ),
            responses: { '201': json({ type: 'object' }) },
          },
          get: { responses: { '200': json({ type: 'array' }) } },
        },
        '/goods/{goods_id}': {
          put: {
            parameters: [id('goods_id')],
            requestBody: json(
              obj({
                label: { type: 'string' },
                on_hand: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }] },
                weight: { type: 'number', maximum: 0.9 },
              }),
            ),
            responses: { '200': json({ type: 'object' }) },
          },
        },
        '/baskets': {
          post: {
            requestBody: json(obj({ owner: { type: 'string' } })),
            responses: { '201': json(obj({ id: { type: 'integer' } })) },
          },
          get: { responses: { '200': json({ type: 'array' }) } },
        },
        '/baskets/{basket_id}': {
          get: { parameters: [id('basket_id')], responses: { '200': json({ type: 'object' }) } },
          put: {
            parameters: [id('basket_id')],
            requestBody: json(obj({ owner: { type: 'string' } })),
            responses: { '200': json({ type: 'object' }) },
          },
          delete: { parameters: [id('basket_id')], responses: { '204': { description: 'gone' } } },
        },
        '/baskets/{basket_id}/seal': {
          post: { parameters: [id('basket_id')], responses: { '200': json({ type: 'object' }) } },
        },
        '/baskets/{basket_id}/lines': {
          post: {
            parameters: [id('basket_id')],
            requestBody: json(obj({ goods_id: { type: 'integer' }, count: { type: 'integer', minimum: 1 } })),
            responses: { '201': json({ type: 'object' }) },
          },
          get: { parameters: [id('basket_id')], responses: { '200': json({ type: 'array' }) } },
        },
        '/baskets/{basket_id}/lines/{line_id}': {
          get: { parameters: [id('basket_id'), id('line_id')], responses: { '200': json({ type: 'object' }) } },
          put: {
            parameters: [id('basket_id'), id('line_id')],
            requestBody: json(obj({ count: { type: 'integer', minimum: 1 } })),
            responses: { '200': json({ type: 'object' }) },
          },
          delete: { parameters: [id('basket_id'), id('line_id')], responses: { '204': { description: 'gone' } } },
        },
      },
    },
    'baskets.json',
  );

describe('consumers of a referenced resource', () => {
  it(`runs a scenario whose body names a resource after every non-delete use of it and of its sub-resources; deletes \
stay last`, () => {
    const order = orderScenarios(generateScenarios(basketsApi(), { seed: 't' })).scenarios.map((s) => s.id);
    const before = (a: string, b: string) =>
      expect(order.indexOf(a), `${a} before ${b}\n${order.join('\n')}`).toBeLessThan(order.indexOf(b));
    const checkout = 'POST /checkouts';
    for (const use of [
      'POST /baskets',
      'GET /baskets',
      'GET /baskets/{basket_id}',
      'PUT /baskets/{basket_id}',
      'POST /baskets/{basket_id}/seal',
      'POST /baskets/{basket_id}/lines',
      'GET /baskets/{basket_id}/lines',
      'GET /baskets/{basket_id}/lines/{line_id}',
      'PUT /baskets/{basket_id}/lines/{line_id}',
    ]) {
      before(use, checkout);
    }
    before(checkout, 'DELETE /baskets/{basket_id}');
    before('DELETE /baskets/{basket_id}/lines/{line_id}', 'DELETE /baskets/{basket_id}');
    before(checkout, 'GET /checkouts/{checkout_id}');
    // Without a body reference nothing moves: the checkout listing keeps its document place.
    expect(order.indexOf('GET /checkouts')).toBeLessThan(order.indexOf('POST /baskets'));
  });

  it(`keeps the create values of an update: numbers without their own example, when the update schema accepts \
them`, () => {
    const scenarios = generateScenarios(basketsApi(), { seed: 't' });
    const update = scenarios.find((s) => s.id === 'PUT /goods/{goods_id}')!;
    const body = update.body as Record<string, unknown>;
    expect(body['on_hand']).toBe(12); // the create's example, not a synthetic minimum
    expect(body['weight']).not.toBe(0.5); // the create's value breaks the update's maximum: sampled
    expect(body['weight'] as number).toBeLessThanOrEqual(0.9);
    expect(body['label']).not.toBe(undefined); // strings are sampled as before
  });
});

describe('boundary scenarios (opt-in)', () => {
  it('are off by default', () => {
    expect(generateScenarios(basketsApi(), { seed: 't' }).some((s) => s.variant === 'boundary')).toBe(false);
  });

  it(`add one schema-valid extreme variant per operation with a body or parameters, after the positive \
scenarios`, () => {
    const scenarios = generateScenarios(basketsApi(), { seed: 't', boundary: true });
    const goods = scenarios.find((s) => s.id === 'POST /goods [boundary]')!;
    const body = goods.body as Record<string, unknown>;
    expect(body['on_hand']).toBe(2 ** 63); // no maximum: past the signed 64-bit range, example skipped
    expect(body['weight']).toBe(Number.MAX_VALUE);
    expect((body['label'] as string).length).toBe(1024);
    const update = scenarios.find((s) => s.id === 'PUT /goods/{goods_id} [boundary]')!;
    expect((update.body as Record<string, unknown>)['weight']).toBe(0.9); // at its maximum
    expect(update.bindings.map((b) => b.resource)).toEqual(['/goods']);
    expect(update.role).toBe('other');
    expect(update.expectedStatuses).toContain(200);
    expect(update.expectedStatuses).toContain(422);
    expect(update.expectedStatuses).not.toContain(500);
    expect(scenarios.some((s) => s.id === 'GET /baskets [boundary]')).toBe(false); // nothing to vary
    const order = orderScenarios(scenarios).scenarios;
    const lastPositive = Math.max(
      ...order.flatMap((s, i) => (s.variant !== 'boundary' && s.role !== 'delete' ? [i] : [])),
    );
    const firstBoundary = order.findIndex((s) => s.variant === 'boundary');
    expect(firstBoundary, order.map((s) => s.id).join('\n')).toBeGreaterThan(lastPositive);
    const ids = order.map((s) => s.id);
    expect(ids.indexOf('PUT /goods/{goods_id} [boundary]')).toBeGreaterThan(-1);
    expect(ids.indexOf('POST /checkouts [boundary]')).toBeLessThan(ids.indexOf('DELETE /baskets/{basket_id}'));
  });
});
