import { describe, expect, it } from 'vitest';
import { endpointShape, errorKindOf } from './endpoint-shape.js';

describe('endpointShape', () => {
  it.each([
    ['POST', '/carts/{cart_id}/items', 'POST /{collection}/{id}/{collection}'],
    ['post', '/products', 'POST /{collection}'],
    ['PUT', '/products/{id}', 'PUT /{collection}/{id}'],
    ['GET', '/orders/42?expand=1', 'GET /{collection}/{id}'],
    ['GET', '/users/:userId/orders/', 'GET /{collection}/{id}/{collection}'],
    ['DELETE', '/items/3fa85f64-5717-4562-b3fc-2c963f66afa6', 'DELETE /{collection}/{id}'],
    ['POST', '/orders/{order_id}/pay', 'POST /{collection}/{id}/{collection}'],
    ['GET', '/', 'GET /'],
  ])('%s %s → %s', (method, path, shape) => {
    expect(endpointShape(method, path)).toBe(shape);
  });

  it('gives the error kind: the status, else the violation kind', () => {
    expect(errorKindOf({ actualStatus: 500, kind: 'server_error' })).toBe('500');
    expect(errorKindOf({ actualStatus: null, kind: 'timeout' })).toBe('timeout');
  });
});
