import { describe, expect, it } from 'vitest';
import { KeywordExpressionError, parseKeywordExpression, scenarioFilter } from './select-scenarios.js';

const scenarios = [
  { id: 'GET /products', method: 'GET', path: '/products' },
  { id: 'POST /products', method: 'POST', path: '/products' },
  { id: 'POST /products #2', method: 'POST', path: '/products' },
  { id: 'GET /products/{id}', method: 'GET', path: '/products/{id}' },
  { id: 'DELETE /products/{id}', method: 'DELETE', path: '/products/{id}' },
  { id: 'POST /carts/{cart_id}/items', method: 'POST', path: '/carts/{cart_id}/items' },
];
const ids = (select: Parameters<typeof scenarioFilter>[0]) => scenarios.filter(scenarioFilter(select)).map((s) => s.id);

describe('scenario selection', () => {
  it('keeps everything without a selection', () => {
    expect(ids({})).toHaveLength(scenarios.length);
  });

  it('-k: words anywhere in the id, case ignored, with and/or/not and parentheses', () => {
    expect(ids({ keyword: 'carts' })).toEqual(['POST /carts/{cart_id}/items']);
    expect(ids({ keyword: 'post AND not #2' })).toEqual(['POST /products', 'POST /carts/{cart_id}/items']);
    expect(ids({ keyword: 'delete or (get and {id})' })).toEqual(['GET /products/{id}', 'DELETE /products/{id}']);
    expect(ids({ keyword: 'not products' })).toEqual(['POST /carts/{cart_id}/items']);
  });

  it('-k: a malformed expression is an error naming it', () => {
    for (const bad of ['(products', 'products and', 'or products', 'a )', '']) {
      expect(() => parseKeywordExpression(bad), bad).toThrow(KeywordExpressionError);
    }
    expect(() => parseKeywordExpression('(products')).toThrow('-k "(products": a "(" is not closed');
  });

  it('paths: exact templates or globs; methods: case ignored; excludes win', () => {
    expect(ids({ includePaths: ['/products'] })).toEqual(['GET /products', 'POST /products', 'POST /products #2']);
    expect(ids({ includePaths: ['/products/*'] })).toEqual(['GET /products/{id}', 'DELETE /products/{id}']);
    expect(ids({ includePaths: ['/products/**'] })).toHaveLength(5);
    expect(ids({ includePaths: ['/carts/*/items'] })).toEqual(['POST /carts/{cart_id}/items']);
    expect(ids({ includeMethods: ['get', 'Delete'] })).toEqual([
      'GET /products',
      'GET /products/{id}',
      'DELETE /products/{id}',
    ]);
    expect(ids({ excludeMethods: ['post'], excludePaths: ['/products/{id}'] })).toEqual(['GET /products']);
    expect(ids({ includePaths: ['/products', '/products/**'], excludeMethods: ['GET'], keyword: 'not #2' })).toEqual([
      'POST /products',
      'DELETE /products/{id}',
    ]);
  });
});
