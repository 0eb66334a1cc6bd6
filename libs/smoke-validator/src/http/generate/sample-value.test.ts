import { describe, expect, it } from 'vitest';
import { sampleFromPattern } from './sample-pattern.js';
import { sampleValue } from './sample-value.js';
import { toJsonSchema } from './schema-utils.js';

const opts = { uniqueToken: 'k7' };

describe('sampleValue', () => {
  it('prefers example, then examples[0], const, enum, default', () => {
    expect(sampleValue({ type: 'string', example: 'ex' }, opts)).toBe('ex');
    expect(sampleValue({ type: 'string', examples: ['first', 'second'] }, opts)).toBe('first');
    expect(sampleValue({ const: 7 }, opts)).toBe(7);
    expect(sampleValue({ type: 'string', enum: [null, 'open', 'closed'] }, opts)).toBe('open');
    expect(sampleValue({ type: 'integer', default: 3 }, opts)).toBe(3);
  });

  it('honours formats with unique values', () => {
    const email = sampleValue({ type: 'string', format: 'email' }, opts, 'member_email') as string;
    expect(email).toMatch(/^[^@\s]+@example\.com$/);
    expect(email).toContain('k7');
    expect(sampleValue({ type: 'string', format: 'uuid' }, opts)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(Date.parse(sampleValue({ type: 'string', format: 'date-time' }, opts) as string)).not.toBeNaN();
    expect(sampleValue({ type: 'string', format: 'date' }, opts)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(sampleValue({ type: 'string', format: 'uri' }, opts)).toMatch(/^https:\/\//);
  });

  it('honours string lengths and patterns', () => {
    expect((sampleValue({ type: 'string', minLength: 30 }, opts, 'n') as string).length).toBeGreaterThanOrEqual(30);
    expect((sampleValue({ type: 'string', maxLength: 4 }, opts, 'description') as string).length).toBeLessThanOrEqual(
      4,
    );
    expect(sampleValue({ type: 'string', pattern: '^[A-Z]{2}-\\d{3}$' }, opts)).toMatch(/^[A-Z]{2}-\d{3}$/);
    expect(sampleFromPattern('^(ab|cd)+x?$', '1')).toMatch(/^(ab|cd)+x?$/);
  });

  it('honours numeric ranges, exclusive bounds (3.0 and 3.1) and multipleOf', () => {
    expect(sampleValue({ type: 'integer', minimum: 10, maximum: 20 }, opts)).toBe(10);
    expect(sampleValue({ type: 'integer', maximum: -5 }, opts)).toBe(-5);
    expect(sampleValue({ type: 'number', exclusiveMinimum: 0 }, opts)).toBeGreaterThan(0);
    expect(sampleValue({ type: 'integer', minimum: 1, exclusiveMinimum: true }, opts)).toBe(2);
    expect(sampleValue({ type: 'integer', exclusiveMinimum: 1 }, opts)).toBe(2);
    expect(sampleValue({ type: 'number', minimum: 0.1, maximum: 1, multipleOf: 0.25 }, opts)).toBe(0.25);
    expect(sampleValue({ type: 'integer', minimum: 3, multipleOf: 5 }, opts)).toBe(5);
  });

  it('handles nullable, type arrays, allOf, anyOf/oneOf, arrays and objects', () => {
    expect(sampleValue({ type: ['null', 'integer'] }, opts)).toBe(1);
    expect(sampleValue({ type: 'string', nullable: true, enum: ['a'] }, opts)).toBe('a');
    expect(sampleValue({ anyOf: [{ type: 'null' }, { type: 'boolean' }] }, opts)).toBe(true);
    expect(sampleValue({ oneOf: [{ type: 'integer', minimum: 4 }, { type: 'string' }] }, opts)).toBe(4);
    const merged = sampleValue(
      {
        allOf: [
          { type: 'object', required: ['a'], properties: { a: { type: 'integer' } } },
          { properties: { b: { type: 'boolean' } } },
        ],
      },
      opts,
    );
    expect(merged).toEqual({ a: 1, b: true });
    expect(sampleValue({ type: 'array', minItems: 2, items: { type: 'integer' } }, opts)).toEqual([1, 1]);
    expect(sampleValue({ type: 'array', maxItems: 0, items: { type: 'integer' } }, opts)).toEqual([]);
    expect(
      sampleValue(
        { type: 'object', properties: { id: { type: 'integer', readOnly: true }, n: { type: 'integer' } } },
        opts,
      ),
    ).toEqual({ n: 1 });
  });

  it('lets a hook supply property values (id bindings)', () => {
    const seen: string[] = [];
    const value = sampleValue(
      {
        type: 'object',
        properties: {
          owner_id: { type: 'integer' },
          lines: { type: 'array', items: { type: 'object', properties: { sku_id: { type: 'integer' } } } },
        },
      },
      {
        uniqueToken: 'x',
        hook: (name, _s, pointer) => (name.endsWith('_id') ? (seen.push(pointer), { value: 99 }) : undefined),
      },
    );
    expect(value).toEqual({ owner_id: 99, lines: [{ sku_id: 99 }] });
    expect(seen).toEqual(['/owner_id', '/lines/0/sku_id']);
  });
});

describe('toJsonSchema', () => {
  it('converts OpenAPI 3.0 nullable and boolean exclusive bounds', () => {
    expect(toJsonSchema({ type: 'string', nullable: true, example: 'x' })).toEqual({ type: ['string', 'null'] });
    expect(toJsonSchema({ type: 'integer', minimum: 1, exclusiveMinimum: true })).toEqual({
      type: 'integer',
      exclusiveMinimum: 1,
    });
    expect(toJsonSchema({ nullable: true, allOf: [{ type: 'object' }] })).toEqual({
      anyOf: [{ allOf: [{ type: 'object' }] }, { type: 'null' }],
    });
  });
});
