import { describe, expect, it } from 'vitest';
import { findApps, joinPaths, routeShape, routeTable } from './js-routes.js';
import { createNodeProject } from './node-project.js';
import { memoryTree } from './test-support/memory-tree.js';

const files = {
  'src/app.js':
    "import express from 'express';\nimport other from './routes/other.js';\n" +
    "export function createApp() {\n  const app = express();\n  app.use('/other', other);\n" +
    "  app.get('/health', (req, res) => res.json({}));\n  return app;\n}\n",
  'src/routes/other.js':
    "import { Router } from 'express';\nconst router = Router();\n" +
    "router.get('/:id', (req, res) => res.json({}));\nexport default router;\n",
  'src/routes/lost.js':
    "import { Router } from 'express';\nconst router = Router();\n" +
    "router.post('/', (req, res) => res.json({}));\nexport default router;\n",
  'src/plugins.cjs':
    "const Fastify = require('fastify');\nasync function tags(app) { app.get('/', async () => []); }\n" +
    "const app = Fastify();\napp.register(tags, { prefix: '/tags' });\n",
};

describe('routeTable', () => {
  it('gives mounted routes their full path and unmounted ones none', async () => {
    const routes = await routeTable(createNodeProject(memoryTree(files)));
    const summary = routes.map((r) => `${r.method} ${r.path ?? `(unmounted) ${r.localPath}`} ${r.owner.kind}`).sort();
    expect(summary).toEqual([
      'get /health app',
      'get /other/:id router',
      'get /tags plugin',
      'post (unmounted) / router',
    ]);
  });

  it("mounts routers on a factory's local router, itself mounted on the app under a prefix", async () => {
    const factory = {
      'src/app.ts':
        "import express from 'express';\nimport { pilotsRouter } from './routes/pilots.js';\n" +
        'export function createApp() {\n  const app = express();\n  const api = express.Router();\n' +
        "  api.use('/pilots', pilotsRouter);\n  app.use('/api/v1', api);\n  return app;\n}\n",
      'src/routes/pilots.ts':
        "import { Router } from 'express';\nexport const pilotsRouter = Router();\n" +
        "pilotsRouter.get('/:pilotId', (req, res) => res.json({}));\n",
    };
    const routes = await routeTable(createNodeProject(memoryTree(factory)));
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(['get /api/v1/pilots/:pilotId']);
  });

  it('finds Express and Fastify apps, also inside a factory', async () => {
    const apps = await findApps(createNodeProject(memoryTree(files)));
    expect(apps.map((a) => `${a.file}:${a.name}:${a.framework}`).sort()).toEqual([
      'src/app.js:app:express',
      'src/plugins.cjs:app:fastify',
    ]);
  });

  it('shapes paths like OpenAPI templates', () => {
    expect(routeShape('/stores/:storeId/items/')).toBe('/stores/{}/items');
    expect(routeShape('/stores/{store_id}')).toBe('/stores/{}');
    expect(joinPaths('/notes/', '/')).toBe('/notes');
    expect(joinPaths('', '/')).toBe('/');
  });
});

describe('routeTable with plugins registered inside plugins', () => {
  it('serves a plugin registered on another plugin’s instance parameter under both prefixes', async () => {
    const project = createNodeProject(
      memoryTree({
        'src/app.mjs':
          "import Fastify from 'fastify';\nimport api from './api.mjs';\nconst app = Fastify();\n" +
          "app.register(api, { prefix: '/api' });\n",
        'src/api.mjs':
          "import boats from './boats.mjs';\nexport default async function api(instance) {\n" +
          "  instance.register(boats, { prefix: '/boats' });\n}\n",
        'src/boats.mjs': "export default async function boats(f) {\n  f.get('/:id', async () => ({}));\n}\n",
      }),
    );
    expect((await routeTable(project)).map((r) => r.path)).toEqual(['/api/boats/:id']);
  });

  it(`follows handler references to where they are defined: wrappers, members, destructured imports, route() \
chains`, async () => {
    const routes = await routeTable(
      createNodeProject(
        memoryTree({
          'src/app.js':
            "const express = require('express');\nconst app = express();\napp.use('/p', require('./routes'));\n",
          'src/routes.js':
            "const router = require('express').Router();\nconst wrap = require('./wrap');\n" +
            "const ctrl = require('./ctrl');\nconst { remove } = require('./ctrl');\n" +
            "router.get('/', wrap(ctrl.list));\nrouter.route('/:id').put(ctrl.update).delete(remove);\n" +
            'module.exports = router;\n',
          'src/wrap.js':
            'module.exports = (fn) => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next);\n',
          'src/ctrl.js':
            'exports.list = async (req, res) => res.json([]);\nasync function update(req, res) {\n' +
            '  res.json({});\n}\nexports.update = update;\n' +
            'exports.remove = (req, res) => res.status(204).end();\n',
        }),
      ),
    );
    const summary = routes
      .map(
        (r) =>
          `${r.method} ${r.path} ${r.handlerFile}:${r.handler?.name}${r.call?.wrapper ? ` via ${r.call.wrapper}` : ''}`,
      )
      .sort();
    expect(summary).toEqual([
      'delete /p/:id src/ctrl.js:remove',
      'get /p src/ctrl.js:list via wrap',
      'put /p/:id src/ctrl.js:update',
    ]);
  });

  it(`follows TypeScript controller classes: static methods of a default-exported class, arrow-function fields, a \
bound method inside a wrapper`, async () => {
    const routes = await routeTable(
      createNodeProject(
        memoryTree({
          'src/app.ts':
            "import express from 'express';\nimport users from './users.routes.js';\n" +
            "import { orders } from './orders.routes.js';\nconst app = express();\n" +
            "app.use('/users', users);\napp.use('/orders', orders);\nexport default app;\n",
          'src/users.routes.ts':
            "import { Router } from 'express';\nimport UsersController from './users.controller.js';\n" +
            "const router = Router();\nrouter.get('/', UsersController.list);\nexport default router;\n",
          'src/users.controller.ts':
            "import type { Request, Response } from 'express';\nexport default class UsersController {\n" +
            '  static async list(_req: Request, res: Response): Promise<void> {\n    res.json([]);\n  }\n' +
            '}\n',
          'src/orders.routes.ts':
            "import { Router } from 'express';\n" +
            "import { OrdersController } from './orders.controller.js';\n" +
            'const controller = new OrdersController();\nexport const orders = Router();\n' +
            "orders.get('/', controller.list);\n" +
            "orders.post('/', wrap(controller.create.bind(controller)));\n" +
            "orders.put('/:id', wrap(makeHandler(controller)));\nfunction wrap(fn: unknown) {\n" +
            '  return fn;\n}\nfunction makeHandler(c: unknown) {\n  return c;\n}\n',
          'src/orders.controller.ts':
            "import type { Request, Response } from 'express';\nexport class OrdersController {\n" +
            '  list = async (_req: Request, res: Response) => {\n    res.json([]);\n  };\n\n' +
            '  async create(req: Request, res: Response) {\n    res.status(201).json(req.body);\n  }\n}\n',
        }),
      ),
    );
    const summary = routes
      .map(
        (r) =>
          `${r.method} ${r.path} ${r.handler ? `${r.handlerFile}:${r.handler.className}.${r.handler.name}` : 'none'}`,
      )
      .sort();
    expect(summary).toEqual([
      'get /orders src/orders.controller.ts:OrdersController.list',
      'get /users src/users.controller.ts:UsersController.list',
      'post /orders src/orders.controller.ts:OrdersController.create',
      'put /orders/:id none',
    ]);
  });

  it("reads Fastify's app.route({ method, url, handler }) form", async () => {
    const routes = await routeTable(
      createNodeProject(
        memoryTree({
          'src/app.mjs':
            "import Fastify from 'fastify';\nimport { create } from './notes.mjs';\n" +
            "const app = Fastify();\napp.route({ method: 'POST', url: '/notes', handler: create });\n" +
            "app.route({ method: ['GET', 'HEAD'], url: '/notes/:id', handler: async (request) => ({}) });\n",
          'src/notes.mjs': 'export async function create(request, reply) {\n  return {};\n}\n',
        }),
      ),
    );
    expect(routes.map((r) => `${r.method} ${r.path} ${r.handlerFile ?? r.file}:${r.handler?.line}`).sort()).toEqual([
      'get /notes/:id src/app.mjs:5',
      'post /notes src/notes.mjs:1',
    ]);
  });
});

describe('routeTable: a mount path written as a name', () => {
  const mounted = async (extra: Record<string, string>) => {
    const routes = await routeTable(createNodeProject(memoryTree(extra)));
    return routes.map((r) => `${r.method} ${r.path ?? '(unmounted)'}`).sort();
  };
  const router =
    "const express = require('express');\nconst router = express.Router();\n" +
    "router.post('/drivers', (req, res) => res.json({}));\nmodule.exports = router;\n";

  it('reads it from a required config module (CommonJS), with an environment fallback', async () => {
    expect(
      await mounted({
        'src/config/index.js':
          "module.exports = {\n  port: 8080,\n  apiPrefix: process.env.API_PREFIX || '/api',\n};\n",
        'src/routes/index.js': router,
        'src/app.js':
          "const express = require('express');\nconst config = require('./config');\n" +
          "const routes = require('./routes');\nconst auth = require('./auth');\nconst app = express();\n" +
          'app.use(auth);\napp.use(config.apiPrefix, routes);\n',
        'src/auth.js': 'module.exports = (req, res, next) => next();\n',
      }),
    ).toEqual(['post /api/drivers']);
  });

  it('reads it from a local constant and from a named ESM export of a nested object', async () => {
    const esmRouter =
      "import { Router } from 'express';\nconst router = Router();\n" +
      "router.get('/fleet', (req, res) => res.json({}));\nexport default router;\n";
    expect(
      await mounted({
        'src/settings.ts': "export const settings = { http: { prefix: '/v2' } } as const;\n",
        'src/fleet.ts': esmRouter,
        'src/boats.ts': esmRouter.replace('/fleet', '/boats'),
        'src/server.ts':
          "import express from 'express';\nimport fleet from './fleet.js';\n" +
          "import boats from './boats.js';\nimport { settings } from './settings.js';\n" +
          "const API = '/api';\nconst app = express();\napp.use(API, fleet);\n" +
          'app.use(settings.http.prefix, boats);\n',
      }),
    ).toEqual(['get /api/fleet', 'get /v2/boats']);
  });

  it('is no path when the name holds no static string (a middleware), nor one that is not a path', async () => {
    expect(
      await mounted({
        'src/routes/index.js': router,
        'src/app.js':
          "const express = require('express');\nconst routes = require('./routes');\n" +
          "const auth = require('./auth');\nconst NAME = 'fleet';\nconst app = express();\n" +
          'app.use(NAME, routes);\napp.use(auth, routes);\n',
        'src/auth.js': 'module.exports = (req, res, next) => next();\n',
      }),
    ).toEqual(['post /drivers']);
  });
});

describe('routeTable: registrations chained on a new router', () => {
  it('reads `Router().get(…).post(…)` held by an exported constant, with its handlers', async () => {
    const routes = await routeTable(
      createNodeProject(
        memoryTree({
          'src/app.ts':
            "import express from 'express';\nimport { itemsRouter, tagsRouter } from './routes.js';\n" +
            "export function createApp() {\n  const app = express();\n  app.use('/api/items', itemsRouter);\n" +
            "  app.use('/api/tags', tagsRouter);\n  return app;\n}\n",
          'src/routes.ts':
            "import express, { Router } from 'express';\nimport * as items from './items.js';\n" +
            'const auth = (_req: unknown, _res: unknown, next: () => void) => next();\n' +
            "export const itemsRouter = Router()\n  .get('/', items.list)\n  .post('/', auth, items.create)\n" +
            "  .get('/:itemId', items.getOne);\n" +
            "export const tagsRouter = express.Router().use(auth).get('/', (_req, res) => res.json([]));\n",
          'src/items.ts':
            'export function list(_req: unknown, res: { json(v: unknown): void }) {\n  res.json([]);\n}\n' +
            'export function create(_req: unknown, res: { json(v: unknown): void }) {\n  res.json({});\n}\n' +
            'export function getOne(_req: unknown, res: { json(v: unknown): void }) {\n  res.json({});\n}\n',
        }),
      ),
    );
    expect(routes.map((r) => `${r.method} ${r.path} ${r.owner.kind} ${r.handler?.name || '(inline)'}`).sort()).toEqual(
      [
        'get /api/items router list',
        'get /api/items/:itemId router getOne',
        'get /api/tags router (inline)',
        'post /api/items router create',
      ].sort(),
    );
  });

  it(`reads a factory's chained local router and mounts chained on a new router; not a chain held by \
nothing`, async () => {
    const routes = await routeTable(
      createNodeProject(
        memoryTree({
          'src/app.js':
            "const express = require('express');\nconst { api } = require('./api');\n" +
            "const app = express();\napp.use('/v1', api);\n",
          'src/api.js':
            "const { Router } = require('express');\nconst parts = require('./parts');\n" +
            "const api = Router().use('/parts', parts());\nmodule.exports = { api };\n",
          'src/parts.js':
            "const express = require('express');\nmodule.exports = function parts() {\n" +
            "  const router = express.Router().get('/:partId', (req, res) => res.json({}));\n  return router;\n};\n" +
            "express.Router().get('/lost', (req, res) => res.json({}));\n",
        }),
      ),
    );
    expect(routes.map((r) => `${r.method} ${r.path} ${r.owner.kind}`)).toEqual(['get /v1/parts/:partId router']);
  });
});
