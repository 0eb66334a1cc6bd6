import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { sampleValue } from './sample-value.js';
import { variantNumber, variantString } from './sample-variant.js';
import { toJsonSchema } from './schema-utils.js';

const addFormats =
  (addFormatsModule as unknown as { default: (ajv: Ajv2020) => void }).default ??
  (addFormatsModule as unknown as (ajv: Ajv2020) => void);
// Decimal multipleOf (0.1) needs a precision: 0.7 % 0.1 is not 0 in binary floating point.
const ajv = new Ajv2020({ strict: false, multipleOfPrecision: 8 });
addFormats(ajv);

const schemas: Record<string, unknown>[] = [
  { type: 'integer', minimum: 1, maximum: 100 },
  { type: 'integer', minimum: 0 },
  { type: 'number', exclusiveMinimum: 0 },
  { type: 'number', minimum: 0.5, maximum: 0.9, multipleOf: 0.1 },
  { type: 'integer', multipleOf: 5, minimum: 3, maximum: 12 },
  { type: 'string', minLength: 1, maxLength: 40 },
  { type: 'string', minLength: 3 },
  { type: 'string', format: 'email' },
  { type: 'string', format: 'date-time', maxLength: 20 },
  { type: 'string', pattern: '^[A-Z]{2}-\\d{3}$' },
  { type: 'string', enum: ['card', 'paypal', 'bank_transfer'] },
  { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }] },
  { type: 'string', nullable: true, maxLength: 8 },
  {
    type: 'object',
    required: ['sku', 'tags'],
    properties: {
      sku: { type: 'string', minLength: 1, maxLength: 12 },
      tags: {
        type: 'array',
        minItems: 1,
        maxItems: 2,
        uniqueItems: true,
        items: { type: 'string', enum: ['a', 'b', 'c'] },
      },
      note: { anyOf: [{ type: 'string', maxLength: 300 }, { type: 'null' }] },
      active: { type: 'boolean' },
      price: { type: 'number', exclusiveMinimum: 0, examples: [24.5, 3.75] },
    },
  },
];

describe('deterministic variations (examplesPerOperation)', () => {
  it('stay schema-valid for every variation', () => {
    for (const schema of schemas) {
      const validate = ajv.compile(toJsonSchema(schema) as object);
      for (let k = 1; k <= 12; k++) {
        const value = sampleValue(schema, { uniqueToken: 'u7', variant: k }, 'field');
        expect(
          validate(value),
          `${JSON.stringify(schema)} k=${k}: ${JSON.stringify(value)} ${ajv.errorsText(validate.errors)}`,
        ).toBe(true);
      }
    }
  });

  it('are the same for the same k and differ across k', () => {
    const schema = schemas[schemas.length - 1]!;
    const values = [1, 2, 3, 4].map((k) =>
      JSON.stringify(sampleValue(schema, { uniqueToken: 'u', variant: k }, 'body')),
    );
    expect(values).toEqual(
      [1, 2, 3, 4].map((k) => JSON.stringify(sampleValue(schema, { uniqueToken: 'u', variant: k }, 'body'))),
    );
    expect(new Set(values).size).toBe(4);
    // k=1: required only, fewest items
    expect(JSON.parse(values[0]!)).toEqual({ sku: expect.any(String), tags: ['b'] });
    expect(values.some((v) => JSON.parse(v).note === null)).toBe(true);
  });

  it('walk numbers through lower bound, upper bound, zero and the middle', () => {
    expect([1, 2, 3, 4].map((k) => variantNumber({ minimum: 1, maximum: 100 }, true, k))).toEqual([1, 100, 2, 50]);
    expect([1, 2, 3, 4].map((k) => variantNumber({}, true, k))).toEqual([0, 2 ** 31 - 1, 0, 100]);
    expect(variantNumber({ minimum: 3, maximum: 4, multipleOf: 5 }, true, 1)).toBeUndefined();
  });

  it('walk strings through shortest, longest, non-ASCII and quoting', () => {
    expect(variantString({}, 'name', 'u1', 1)).toBe('');
    expect(variantString({ maxLength: 10 }, 'name', 'u1', 2)).toHaveLength(10);
    expect([...variantString({}, 'name', 'u1', 3)!].some((c) => c.charCodeAt(0) > 127)).toBe(true);
    expect(variantString({}, 'name', 'u1', 4)).toContain("'");
    expect(variantString({ pattern: '^a+$' }, 'name', 'u1', 2)).toBeUndefined();
  });

  it('leave the typical sample alone without a variant', () => {
    expect(sampleValue({ type: 'string', enum: ['card', 'paypal'] }, { uniqueToken: 'u' })).toBe('card');
    expect(sampleValue({ type: 'string', enum: ['card', 'paypal'] }, { uniqueToken: 'u', variant: 1 })).toBe('paypal');
  });
});
