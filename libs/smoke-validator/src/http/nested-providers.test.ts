import { describe, expect, it } from 'vitest';
import { generateScenarios } from './generate/generate-scenarios.js';
import { buildApiModel } from './openapi/api-model.js';
import { orderScenarios } from './order-scenarios.js';

const json = (schema: unknown) => ({ description: 'ok', content: { 'application/json': { schema } } });
const id = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'integer' } });
const item = { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } };

// Shallow nesting: a child created under its parent, read on its own path.
function api(paths: Record<string, unknown>) {
  return buildApiModel({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths }, 'api.json');
}
const shelves = {
  '/shelves': {
    post: { responses: { '201': json(item) } },
    get: { responses: { '200': json({ type: 'array', items: item }) } },
  },
  '/shelves/{shelf_id}/bins': {
    post: { parameters: [id('shelf_id')], responses: { '201': json(item) } },
    get: { parameters: [id('shelf_id')], responses: { '200': json({ type: 'array', items: item }) } },
  },
  '/bins/{bin_id}': { get: { parameters: [id('bin_id')], responses: { '200': json(item) } } },
};

describe('ids of a top-level collection nothing creates', () => {
  it('come from the same collection created under a parent, which runs first', () => {
    const plan = orderScenarios(generateScenarios(api(shelves), { seed: 't' }));
    expect(plan.providers.get('/bins')).toEqual(['POST /shelves/{shelf_id}/bins', 'GET /shelves/{shelf_id}/bins']);
    const order = plan.scenarios.map((s) => s.id);
    expect(order.indexOf('POST /shelves/{shelf_id}/bins')).toBeLessThan(order.indexOf('GET /bins/{bin_id}'));
  });

  it('not from a nested collection of another name, nor when the collection has its own create', () => {
    const { ['/bins/{bin_id}']: read, ...rest } = shelves;
    const other = api({ ...rest, '/crates/{crate_id}': read });
    expect(orderScenarios(generateScenarios(other, { seed: 't' })).providers.has('/crates')).toBe(false);
    const own = api({ ...shelves, '/bins': { post: { responses: { '201': json(item) } } } });
    expect(orderScenarios(generateScenarios(own, { seed: 't' })).providers.get('/bins')).toEqual(['POST /bins']);
  });
});
