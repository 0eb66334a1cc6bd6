import { describe, expect, it } from 'vitest';
import { buildApiModel } from '../openapi/api-model.js';
import { breakConstraints, unknownId } from './break-constraint.js';
import { generateScenarios } from './generate-scenarios.js';

const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const error = { description: 'refused', ...json({ type: 'object', properties: { message: { type: 'string' } } }) };
const customer = {
  type: 'object',
  required: ['name', 'email'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 120 },
    email: { type: 'string', format: 'email' },
    tier: { type: 'string', enum: ['basic', 'gold'] },
    age: { type: 'integer', minimum: 18 },
  },
};
const idParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'integer', minimum: 1 } });

/** Customers with orders; the read documents 404, the create 400, the order create nothing but 201. */
function shop(createRefusal: '400' | '422' = '400') {
  return buildApiModel(
    {
      openapi: '3.0.3',
      info: { title: 'shop', version: '1' },
      paths: {
        '/customers': {
          post: {
            requestBody: json(customer),
            responses: { '201': { description: 'made', ...json(customer) }, [createRefusal]: error },
          },
        },
        '/customers/{customer_id}': {
          get: {
            parameters: [idParam('customer_id')],
            responses: { '200': { description: 'one', ...json(customer) }, '404': error },
          },
        },
        '/customers/{customer_id}/orders': {
          post: {
            parameters: [idParam('customer_id')],
            requestBody: json({ type: 'object', properties: { note: { type: 'string', maxLength: 10 } } }),
            responses: { '201': { description: 'made' } },
          },
        },
      },
    },
    'shop.json',
  );
}

const invalid = (api: ReturnType<typeof shop>) =>
  generateScenarios(api, { seed: 's1', invalid: true }).filter((s) => s.variant === 'invalid');

describe('invalid scenarios', () => {
  it('asks a documented 404 with an id no entity has, the binding dropped', () => {
    const [unknown] = invalid(shop()).filter((s) => s.id === 'GET /customers/{customer_id} [unknown id]');
    expect(unknown!.expectedStatuses).toEqual([404]);
    expect(unknown!.bindings).toEqual([]);
    expect(unknown!.pathParams['customer_id']).toMatch(/^9\d{8}$/);
    expect(unknown!.role).toBe('other');
    expect(unknown!.dependsOn).toEqual(['GET /customers/{customer_id}']);
  });

  it('breaks one documented body constraint per rule, expecting the documented 400 (or a lenient 201)', () => {
    const bodies = invalid(shop()).filter((s) => s.endpoint === 'POST /customers');
    expect(bodies.map((s) => s.id)).toEqual([
      'POST /customers [invalid: name missing]',
      'POST /customers [invalid: name wrong type]',
      'POST /customers [invalid: tier not in enum]',
      'POST /customers [invalid: email format]',
      'POST /customers [invalid: name too short]',
    ]);
    const body = (i: number) => bodies[i]!.body as Record<string, unknown>;
    expect('name' in body(0)).toBe(false);
    expect(body(1)['name']).toBe(12345);
    expect(body(3)['email']).toBe('not-an-email');
    expect(body(4)['name']).toBe('');
    // the rest of the body stays valid and unique to the scenario
    expect(body(3)['name']).toEqual(expect.any(String));
    expect(bodies.every((s) => s.expectedStatuses.join() === '201,400')).toBe(true);
    expect(bodies[0]!.responses.map((r) => r.status)).toEqual(['400']);
  });

  it('expects 422 where that is the documented refusal, and is the same for the same seed', () => {
    const first = invalid(shop('422'));
    expect(first.find((s) => s.endpoint === 'POST /customers')!.expectedStatuses).toEqual([201, 422]);
    expect(invalid(shop('422'))).toEqual(first);
  });

  it('also takes the documented 409 of a lenient app that took the value and refused it against its state', () => {
    const model = shop('422');
    const withConflict = {
      ...model,
      operations: model.operations.map((o) =>
        o.endpoint === 'POST /customers'
          ? { ...o, responses: [...o.responses, { status: '409', mediaTypes: ['application/json'] }] }
          : o,
      ),
    };
    const bodies = invalid(withConflict).filter((s) => s.endpoint === 'POST /customers');
    expect(bodies.every((s) => s.expectedStatuses.join() === '201,422,409')).toBe(true);
  });

  it('leaves out operations that document no refusal (near miss), and is off by default', () => {
    const ids = invalid(shop()).map((s) => s.id);
    expect(ids.some((id) => id.startsWith('POST /customers/{customer_id}/orders'))).toBe(false);
    expect(generateScenarios(shop(), { seed: 's1' }).some((s) => s.variant === 'invalid')).toBe(false);
  });
});

describe('breakConstraints / unknownId', () => {
  it('prefers properties no binding fills and breaks numeric bounds', () => {
    const schema = {
      type: 'object',
      required: ['ownerId', 'count'],
      properties: { ownerId: { type: 'integer' }, count: { type: 'integer', maximum: 5 } },
    };
    const broken = breakConstraints(schema, { ownerId: 3, count: 2 }, 'tok', new Set(['ownerId']));
    expect(broken.map((b) => [b.label, b.value])).toEqual([
      ['count missing', undefined],
      ['count wrong type', 'not-a-number'],
      ['count above maximum', 6],
    ]);
    expect(breakConstraints(schema, [1, 2], 'tok')).toEqual([]);
  });

  it('gives uuids and plain strings unknown values, none for a pattern', () => {
    expect(unknownId({ type: 'string', format: 'uuid' }, 's', ['x'], 'tok')).toMatch(/^[0-9a-f-]{36}$/);
    expect(unknownId({ type: 'string' }, 's', ['x'], 'tok')).toBe('unknown-tok');
    expect(unknownId({ type: 'string', pattern: '^[A-Z]{3}$' }, 's', ['x'], 'tok')).toBeUndefined();
    expect(unknownId({ type: 'integer', maximum: 50 }, 's', ['x'], 'tok')).toBe(50);
  });
});
