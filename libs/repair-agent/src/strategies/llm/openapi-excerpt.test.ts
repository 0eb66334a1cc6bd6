import { describe, expect, it } from 'vitest';
import { trimOperation } from './openapi-excerpt.js';

const operation = {
  operationId: 'createOrder',
  responses: {
    '201': { description: 'Created' },
    '404': { description: 'Not found' },
    '422': { description: 'Validation Error' },
    default: { description: 'Error' },
  },
};

describe('trimOperation', () => {
  it('keeps the responses of the statuses involved and names the others', () => {
    expect(trimOperation(operation, [201, 404])).toEqual({
      operation: {
        operationId: 'createOrder',
        responses: { '201': { description: 'Created' }, '404': { description: 'Not found' } },
      },
      omitted: ['422', 'default'],
    });
  });

  it('keeps default for an undocumented status, and a range for a status in it', () => {
    expect(trimOperation(operation, [201, 500]).operation).toMatchObject({ responses: { '201': {}, default: {} } });
    expect(trimOperation({ responses: { '2XX': { description: 'ok' }, '422': {} } }, [200, null])).toEqual({
      operation: { responses: { '2XX': { description: 'ok' } } },
      omitted: ['422'],
    });
  });

  it('leaves an operation whole when none of its responses is involved, or it has none', () => {
    expect(trimOperation({ responses: { '422': {} } }, [201])).toEqual({
      operation: { responses: { '422': {} } },
      omitted: [],
    });
    expect(trimOperation({ operationId: 'x' }, [201])).toEqual({ operation: { operationId: 'x' }, omitted: [] });
  });
});
