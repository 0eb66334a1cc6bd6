import { describe, expect, it } from 'vitest';
import { routePathSlip } from './route-path-slip.js';

describe('routePathSlip', () => {
  it('finds a prefix given twice, and one segment in the other number', () => {
    expect(routePathSlip('/dye-batches/dye-batches/{}', '/dye-batches/{}')).toEqual({
      kind: 'doubled',
      prefix: '/dye-batches',
    });
    expect(routePathSlip('/api/v1/member/{}', '/api/v1/members/{}')).toEqual({
      kind: 'number',
      served: 'member',
      documented: 'members',
    });
    expect(routePathSlip('/api/categories', '/api/category')).toEqual({
      kind: 'number',
      served: 'categories',
      documented: 'category',
    });
  });

  it('is null for paths that differ otherwise', () => {
    expect(routePathSlip('/members/{}', '/members/{}/notes')).toBeNull();
    expect(routePathSlip('/people', '/members')).toBeNull();
    expect(routePathSlip('/a/{}/{}', '/a/{}')).toBeNull();
  });
});
