import { describe, expect, it } from 'vitest';
import { buildApiModel } from '../openapi/api-model.js';
import { generateScenarios } from './generate-scenarios.js';

const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const vehicle = {
  type: 'object',
  required: ['id', 'vin'],
  properties: { id: { type: 'integer' }, vin: { type: 'string' } },
};
const missing = {
  '404': { description: 'no such vehicle', ...json({ type: 'object', properties: { detail: { type: 'string' } } }) },
};

/** Vehicles are created and listed; one lookup is by a VIN query, one by a year no entity has. */
function fleet() {
  return buildApiModel(
    {
      openapi: '3.0.3',
      info: { title: 'fleet', version: '1' },
      paths: {
        '/vehicles': {
          get: { responses: { '200': { description: 'all', ...json({ type: 'array', items: vehicle }) } } },
          post: {
            requestBody: json({ type: 'object', required: ['vin'], properties: { vin: { type: 'string' } } }),
            responses: { '201': { description: 'made', ...json(vehicle) } },
          },
        },
        '/vehicles/{vehicle_id}': {
          get: {
            parameters: [{ name: 'vehicle_id', in: 'path', required: true, schema: { type: 'integer' } }],
            responses: { '200': { description: 'one', ...json(vehicle) }, ...missing },
          },
        },
        '/lookup': {
          get: {
            parameters: [{ name: 'serial', in: 'query', required: true, schema: { type: 'string' } }],
            responses: { '200': { description: 'one', ...json(vehicle) }, ...missing },
          },
        },
        '/reports/{year}': {
          get: {
            parameters: [{ name: 'year', in: 'path', required: true, schema: { type: 'integer' } }],
            responses: { '200': { description: 'report' } },
          },
        },
      },
    },
    'fleet.json',
  );
}

const scenario = (id: string) => generateScenarios(fleet(), { seed: 't' }).find((s) => s.id === id)!;

describe('a lookup by a made-up value', () => {
  it("accepts the operation's documented 404 when a required query value is made up", () => {
    expect(scenario('GET /lookup').bindings).toEqual([]);
    expect(scenario('GET /lookup').expectedStatuses).toEqual([200, 404]);
  });

  it('keeps a 404 a failure when the id is bound to an entity the run creates or lists', () => {
    const one = scenario('GET /vehicles/{vehicle_id}');
    expect(one.bindings.map((b) => b.name)).toEqual(['vehicle_id']);
    expect(one.expectedStatuses).toEqual([200]);
  });

  it('adds nothing the contract does not document, and nothing to an operation without lookups', () => {
    expect(scenario('GET /reports/{year}').expectedStatuses).toEqual([200]);
    expect(scenario('GET /vehicles').expectedStatuses).toEqual([200]);
  });
});
