import { describe, expect, it } from 'vitest';
import { memoryTree } from '../../node/test-support/memory-tree.js';
import { createPythonProject } from '../../python/python-project.js';
import {
  fakeInspector,
  fromImport,
  include,
  parsedModule,
  routeHandler,
} from '../../python/test-support/fake-python.js';
import type { RootCause } from '../../types.js';
import type { RecipeContext } from '../recipe.js';
import { pythonStatusCode } from './status-code.js';
import { pythonUnmountedRouter } from './unmounted-router.js';

const routing =
  'from fastapi import APIRouter\n\nfrom .endpoints import orders\n\n' +
  'api_router = APIRouter(prefix="/api/v1")\napi_router.include_router(orders.router)\n';
const files = {
  'src/shop/main.py':
    'from fastapi import FastAPI\n\nfrom .api.routing import api_router\n\n\ndef create_app():\n' +
    '    application = FastAPI()\n    application.include_router(api_router)\n    return application\n',
  'src/shop/api/routing.py': routing,
  'src/shop/api/endpoints/orders.py': 'router = APIRouter(prefix="/orders")\n\n@router.post("")\ndef create(): ...\n',
  'src/shop/api/endpoints/refunds.py':
    'router = APIRouter(prefix="/refunds")\n\n@router.get("/{refund_id}")\ndef read(): ...\n',
};
const summaries = [
  parsedModule('src/shop/main.py', {
    imports: [fromImport(1, 'fastapi', ['FastAPI']), fromImport(3, 'api.routing', ['api_router'], 1)],
    apps: [{ var: 'application', line: 7 }],
    includes: [include(8, 'application', 'api_router')],
  }),
  parsedModule('src/shop/api/routing.py', {
    imports: [fromImport(1, 'fastapi', ['APIRouter']), fromImport(3, 'endpoints', ['orders'], 1)],
    routers: [{ var: 'api_router', line: 5, prefix: '/api/v1' }],
    includes: [include(6, 'api_router', 'orders.router')],
  }),
  parsedModule('src/shop/api/endpoints/orders.py', {
    routers: [{ var: 'router', line: 1, prefix: '/orders' }],
    functions: [routeHandler('create', 3, 'router', 'post', '')],
  }),
  parsedModule('src/shop/api/endpoints/refunds.py', {
    routers: [{ var: 'router', line: 1, prefix: '/refunds' }],
    functions: [routeHandler('read', 3, 'router', 'get', '/{refund_id}')],
  }),
];

function context(cause: Partial<RootCause>, tree = memoryTree(files), modules = summaries): RecipeContext {
  return {
    cause: cause as RootCause,
    tree,
    python: createPythonProject(tree, fakeInspector(modules)),
    culprit: null,
    exception: null,
  };
}

describe('python.unmounted-router with nested routers', () => {
  it(`mounts the router on the nested router its documented path runs through, in that file’s import \
style`, async () => {
    const ctx = context({ kind: 'route_missing', endpoints: ['GET /api/v1/refunds/{id}'] });
    const outcome = await pythonUnmountedRouter.apply(ctx);
    expect(outcome?.summary).toBe('mount shop.api.endpoints.refunds.router');
    expect(await ctx.tree.read('src/shop/api/routing.py')).toBe(
      'from fastapi import APIRouter\n\nfrom .endpoints import orders, refunds\n\n' +
        'api_router = APIRouter(prefix="/api/v1")\napi_router.include_router(orders.router)\n' +
        'api_router.include_router(refunds.router)\n',
    );
    expect(await ctx.tree.read('src/shop/main.py')).toBe(files['src/shop/main.py']);
  });

  it('leaves a host whose routers a loop mounts (a line after it would land in the loop)', async () => {
    const looped = summaries.map((m) =>
      m.path === 'src/shop/api/routing.py' ? { ...m, includes: m.includes.map((i) => ({ ...i, looped: true })) } : m,
    );
    const ctx = context({ kind: 'route_missing', endpoints: ['GET /api/v1/refunds/{id}'] }, memoryTree(files), looped);
    expect(await pythonUnmountedRouter.apply(ctx)).toBeNull();
    expect(await ctx.tree.read('src/shop/api/routing.py')).toBe(routing);
  });

  it('gives the include a prefix when the documented path has more than the host serves', async () => {
    const ctx = context({ kind: 'route_missing', endpoints: ['GET /api/v1/billing/refunds/{id}'] });
    await pythonUnmountedRouter.apply(ctx);
    expect(await ctx.tree.read('src/shop/api/routing.py')).toContain(
      'api_router.include_router(refunds.router, prefix="/billing")\n',
    );
  });

  it('mounts a router that states no prefix only for a path it is named for (bookings, not plans)', async () => {
    const bare = 'router = APIRouter()\n\n@router.get("/{booking_id}")\ndef read(): ...\n';
    const withBookings = (cause: Partial<RootCause>): RecipeContext =>
      context(cause, memoryTree({ ...files, 'src/shop/api/endpoints/bookings.py': bare }), [
        ...summaries,
        parsedModule('src/shop/api/endpoints/bookings.py', {
          routers: [{ var: 'router', line: 1, prefix: '' }],
          functions: [routeHandler('read', 3, 'router', 'get', '/{booking_id}')],
        }),
      ]);
    const named = withBookings({ kind: 'route_missing', endpoints: ['GET /api/v1/bookings/{id}'] });
    expect(await pythonUnmountedRouter.apply(named)).not.toBeNull();
    expect(await named.tree.read('src/shop/api/routing.py')).toContain(
      'include_router(bookings.router, prefix="/bookings")',
    );
    const other = withBookings({ kind: 'route_missing', endpoints: ['GET /api/v1/plans/{id}'] });
    expect(await pythonUnmountedRouter.apply(other)).toBeNull();
    expect(await other.tree.read('src/shop/api/routing.py')).toBe(routing);
  });

  it('finds a served route through every prefix of its chain (status code on the decorator)', async () => {
    const ctx = context({
      kind: 'status_mismatch',
      violations: [
        { endpoint: 'POST /api/v1/orders', expectedStatus: 201, actualStatus: 200 },
      ] as unknown as RootCause['violations'],
    });
    const outcome = await pythonStatusCode.apply(ctx);
    expect(outcome?.summary).toContain('return 201 from create');
    expect(await ctx.tree.read('src/shop/api/endpoints/orders.py')).toContain('@router.post("", status_code=201)');
  });
});
