import { describe, expect, it } from 'vitest';
import { routePathSlip, spellingSlip } from './route-path-slip.js';

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

describe('spellingSlip', () => {
  it('finds one segment in another case style', () => {
    expect(spellingSlip('/api/rackSlots/{}', '/api/rack-slots/{}')).toEqual({
      kind: 'spelling',
      served: 'rackSlots',
      documented: 'rack-slots',
    });
    expect(spellingSlip('/rack_slots', '/rack-slots')).toEqual({
      kind: 'spelling',
      served: 'rack_slots',
      documented: 'rack-slots',
    });
  });

  it('is null for other words, two differing segments, or parameters', () => {
    expect(spellingSlip('/api/rackSlot', '/api/rack-slots')).toBeNull();
    expect(spellingSlip('/v1/rackSlots', '/v2/rack-slots')).toBeNull();
    expect(spellingSlip('/a/{}', '/a/b')).toBeNull();
    expect(spellingSlip('/a/b', '/a/b')).toBeNull();
  });
});
