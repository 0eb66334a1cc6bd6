import { describe, expect, it } from 'vitest';
import { buildApiModel } from '../openapi/api-model.js';
import { generateScenarios } from './generate-scenarios.js';

const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const idParam = { name: 'item_id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const item = {
  type: 'object',
  required: ['name', 'price'],
  properties: { name: { type: 'string' }, price: { type: 'integer' }, note: { type: 'string' } },
};

/** Items (create, read) and one update per method given, with the update body given. */
function api(updates: Record<string, object>) {
  const update = Object.fromEntries(
    Object.entries(updates).map(([method, body]) => [
      method,
      { parameters: [idParam], requestBody: json(body), responses: { '200': { description: 'ok', ...json(item) } } },
    ]),
  );
  return buildApiModel(
    {
      openapi: '3.0.3',
      info: { title: 'items', version: '1' },
      paths: {
        '/items': { post: { requestBody: json(item), responses: { '201': { description: 'made', ...json(item) } } } },
        '/items/{item_id}': {
          get: { parameters: [idParam], responses: { '200': { description: 'one', ...json(item) } } },
          ...update,
        },
      },
    },
    'items.json',
  );
}

const optional = {
  type: 'object',
  properties: { name: { type: 'string' }, price: { type: 'integer' }, note: { type: 'string' } },
};
const partials = (model: ReturnType<typeof api>, partial = true) =>
  generateScenarios(model, { seed: 's1', partial }).filter((s) => s.id.endsWith('[partial]'));

describe('partial-update scenarios', () => {
  it('sends a PATCH whose body requires nothing with its first field only, after its positive request', () => {
    const all = generateScenarios(api({ patch: optional }), { seed: 's1', partial: true });
    const positive = all.find((s) => s.id === 'PATCH /items/{item_id}')!;
    const [partial] = all.filter((s) => s.id === 'PATCH /items/{item_id} [partial]');
    expect(Object.keys(positive.body as object).length).toBeGreaterThan(1);
    expect(partial!.body).toEqual({ name: (positive.body as Record<string, unknown>)['name'] });
    expect(partial!.bindings).toEqual(positive.bindings);
    expect(partial!.dependsOn).toContain(positive.id);
    expect(partial!.variant).toBe('example');
    expect(partial!.expectedStatuses).toContain(200);
    expect(partial!.expectedStatuses).toContain(422);
    expect(partial!.expectedStatuses).not.toContain(500);
  });

  it('skips a PUT, a PATCH with required fields, and everything when not asked', () => {
    expect(partials(api({ put: optional }))).toEqual([]);
    expect(partials(api({ patch: { ...optional, required: ['price'] } }))).toEqual([]);
    expect(partials(api({ patch: optional }), false)).toEqual([]);
    // One field is already a partial body.
    expect(partials(api({ patch: { type: 'object', properties: { note: { type: 'string' } } } }))).toEqual([]);
  });
});
