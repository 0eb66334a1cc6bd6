import { describe, expect, it } from 'vitest';
import { buildMountGraph, joinPath } from './router-mounts.js';
import { fromImport, include, parsedModule } from './test-support/fake-python.js';
import type { ParsedModule } from './module-summary.js';

const byPath = (...modules: ParsedModule[]) => new Map(modules.map((m) => [m.path, m]));

// An app made in a factory mounts an aggregating router with its own prefix, which mounts the
// resource routers through relative imports; one resource router is left out.
const nested = byPath(
  parsedModule('src/pkg/main.py', {
    imports: [fromImport(1, 'api.routing', ['api_router'], 1)],
    apps: [{ var: 'application', line: 5 }],
    includes: [include(6, 'application', 'api_router')],
  }),
  parsedModule('src/pkg/api/routing.py', {
    imports: [fromImport(1, 'endpoints', ['orders', 'refunds'], 1)],
    routers: [{ var: 'api_router', line: 3, prefix: '/api/v1' }],
    includes: [include(4, 'api_router', 'orders.router')],
  }),
  parsedModule('src/pkg/api/endpoints/orders.py', { routers: [{ var: 'router', line: 3, prefix: '/orders' }] }),
  parsedModule('src/pkg/api/endpoints/refunds.py', { routers: [{ var: 'router', line: 3, prefix: '/refunds' }] }),
);

describe('buildMountGraph', () => {
  it('serves nested routers under every prefix of their chain', () => {
    const graph = buildMountGraph(nested);
    expect(graph.servedPrefix('pkg.main.application')).toBe('');
    expect(graph.servedPrefix('pkg.api.routing.api_router')).toBe('/api/v1');
    expect(graph.servedPrefix('pkg.api.endpoints.orders.router')).toBe('/api/v1/orders');
    expect(graph.servedPrefix('pkg.api.endpoints.refunds.router')).toBeUndefined();
    expect(graph.detachedRoot('pkg.api.endpoints.refunds.router')).toMatchObject({
      root: { id: 'pkg.api.endpoints.refunds.router' },
      prefix: '/refunds',
    });
  });

  it('climbs to the outermost unserved router of a chain', () => {
    const unmountedAggregate = new Map(nested);
    unmountedAggregate.set('src/pkg/main.py', parsedModule('src/pkg/main.py', { apps: [{ var: 'app', line: 2 }] }));
    const graph = buildMountGraph(unmountedAggregate);
    expect(graph.servedPrefix('pkg.api.endpoints.orders.router')).toBeUndefined();
    expect(graph.detachedRoot('pkg.api.endpoints.orders.router')).toMatchObject({
      root: { id: 'pkg.api.routing.api_router' },
      prefix: '/api/v1/orders',
    });
  });

  it('follows a router re-exported by a package __init__ and include prefixes', () => {
    const graph = buildMountGraph(
      byPath(
        parsedModule('app/main.py', {
          imports: [fromImport(1, 'app.routers', ['items'])],
          apps: [{ var: 'app', line: 2 }],
          includes: [include(3, 'app', 'items', '/v2')],
        }),
        parsedModule('app/routers/__init__.py', { imports: [fromImport(1, 'items', ['items'], 1)] }),
        parsedModule('app/routers/items.py', { routers: [{ var: 'items', line: 2, prefix: '/items' }] }),
      ),
    );
    expect(graph.servedPrefix('app.routers.items.items')).toBe('/v2/items');
  });

  it('without a recognisable app, takes a router nobody includes as served at its own prefix', () => {
    const graph = buildMountGraph(
      byPath(parsedModule('api.py', { routers: [{ var: 'router', line: 1, prefix: '/x' }] })),
    );
    expect(graph.servedPrefix('api.router')).toBe('/x');
  });

  it('joins path pieces', () => {
    expect(joinPath('', '/api/v1', '', '/orders/')).toBe('/api/v1/orders/');
    expect(joinPath('/', '')).toBe('');
  });
});
