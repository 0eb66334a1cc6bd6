import { describe, expect, it } from 'vitest';
import { emptyFirstPage } from './empty-first-page.js';

describe('emptyFirstPage', () => {
  const url = 'http://127.0.0.1:8000/api/v1/things';

  it('flags a default first page with no items while its total counts rows', () => {
    expect(emptyFirstPage('GET', url, { items: [], total: 6, page: 1, size: 20 }, 200)).toEqual({
      kind: 'schema_mismatch',
      message: "the first page answers no items while its total is 6: the page's rows are skipped",
    });
    const limited = emptyFirstPage('get', `${url}?limit=10&status=open`, { results: [], count: 3, limit: 10 }, 200);
    expect(limited?.message).toContain('no results while its count is 3');
  });

  it('leaves a page asked for, an empty set, a full page and a body that is no page alone', () => {
    expect(emptyFirstPage('GET', `${url}?page=3`, { items: [], total: 6, page: 3, size: 20 }, 200)).toBeUndefined();
    expect(emptyFirstPage('GET', `${url}?offset=40`, { items: [], total: 6, limit: 20 }, 200)).toBeUndefined();
    expect(emptyFirstPage('GET', url, { items: [], total: 0, page: 1, size: 20 }, 200)).toBeUndefined();
    expect(emptyFirstPage('GET', url, { items: [{ id: 1 }], total: 6, page: 1, size: 20 }, 200)).toBeUndefined();
    // An order with no lines and a money total: no page envelope.
    expect(emptyFirstPage('GET', `${url}/1`, { id: 1, items: [], total: 12 }, 200)).toBeUndefined();
    expect(emptyFirstPage('POST', url, { items: [], total: 6, page: 1 }, 201)).toBeUndefined();
    expect(emptyFirstPage('GET', url, { items: [], total: 6, page: 1 }, 404)).toBeUndefined();
  });
});
