import { describe, expect, it } from 'vitest';
import { routerNamedFor } from './router-named-for.js';

describe('routerNamedFor', () => {
  it('a router whose file or binding names the prefix, plurals folded', () => {
    expect(routerNamedFor('/plans', { file: 'src/routes/plans.routes.js', name: 'router' })).toBe(true);
    expect(routerNamedFor('/api/desk-plans', { file: 'src/routes/index.js', name: 'planRouter' })).toBe(true);
    expect(routerNamedFor('/categories', { file: 'src/category/router.ts', name: 'default' })).toBe(true);
  });

  it('a router named for something else is not (the near miss: bookings at /plans)', () => {
    expect(routerNamedFor('/plans', { file: 'src/routes/bookings.routes.js', name: 'router' })).toBe(false);
    expect(routerNamedFor('/v2/plans', { file: 'src/api/routes/index.js', name: 'bookingsRouter' })).toBe(false);
  });

  it('a prefix of parameters and version words only says nothing, so it does not rule a router out', () => {
    expect(routerNamedFor('', { file: 'src/routes/anything.js', name: 'router' })).toBe(true);
    expect(routerNamedFor('/v1/:orgId', { file: 'src/routes/anything.js', name: 'router' })).toBe(true);
  });
});
