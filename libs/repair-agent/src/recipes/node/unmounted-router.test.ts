import { describe, expect, it } from 'vitest';
import { applyToCause } from './test-support/apply-to-cause.js';
import { nodeUnmountedRouter } from './unmounted-router.js';

const api =
  "const express = require('express');\nconst books = require('./books.routes');\n" +
  "const loans = require('./loans.routes');\n\nconst api = express.Router();\napi.use('/books', books);\n\n" +
  'module.exports = api;\n';
const files = {
  'lib/server.js':
    "const express = require('express');\nconst api = require('./http/api');\n\nfunction build() {\n" +
    "  const app = express();\n  app.use(express.json());\n  app.use('/v3', api);\n" +
    '  app.use((err, req, res, next) => res.status(500).end());\n  return app;\n}\n' +
    'module.exports = { build };\n',
  'lib/http/api.js': api,
  'lib/http/books.routes.js':
    "const { Router } = require('express');\nconst books = Router();\n" +
    "books.get('/', (req, res) => res.json([]));\nmodule.exports = books;\n",
  'lib/http/loans.routes.js':
    "const { Router } = require('express');\nconst loans = Router();\n" +
    "loans.post('/', (req, res) => res.status(201).json({}));\nmodule.exports = loans;\n",
  'lib/http/fees.routes.js':
    "const { Router } = require('express');\nconst fees = Router();\n" +
    "fees.get('/:feeId', (req, res) => res.json({}));\nmodule.exports = fees;\n",
};

const mountIn = (files: Record<string, string>, endpoints: string[]) =>
  applyToCause(nodeUnmountedRouter, files, { kind: 'route_missing', endpoints });
const mountFor = (endpoints: string[]) =>
  applyToCause(nodeUnmountedRouter, files, { kind: 'route_missing', endpoints });

describe('node.unmounted-router with nested Express routers', () => {
  it('mounts on the router the documented path runs through, reusing the require that is already there', async () => {
    const { outcome, tree } = await mountFor(['POST /v3/loans']);
    expect(outcome?.summary).toContain('on api (lib/http/api.js)');
    expect(await tree.read('lib/http/api.js')).toBe(
      api.replace("api.use('/books', books);\n", "api.use('/books', books);\napi.use('/loans', loans);\n"),
    );
    expect(await tree.read('lib/server.js')).toBe(files['lib/server.js']);
  });

  it('adds the require, named as its module names the router, when the router was never imported', async () => {
    const { tree } = await mountFor(['GET /v3/fees/{id}']);
    const updated = (await tree.read('lib/http/api.js'))!;
    expect(updated).toContain("const fees = require('./fees.routes');\n");
    expect(updated).toContain("api.use('/books', books);\napi.use('/fees', fees);\n");
  });

  it('mounts on the app before its error handler when no router serves the path', async () => {
    const { tree } = await mountFor(['GET /fees/{id}']);
    const updated = (await tree.read('lib/server.js'))!;
    expect(updated).toContain("  app.use('/v3', api);\n  app.use('/fees', fees);\n  app.use((err");
  });

  it('mounts no router at a prefix none is named for: a bare shape fits every collection', async () => {
    const { outcome, tree } = await mountFor(['GET /other/{id}', 'GET /v3/invoices']);
    expect(outcome).toBeNull();
    expect(await tree.read('lib/server.js')).toBe(files['lib/server.js']);
    expect(await tree.read('lib/http/api.js')).toBe(api);
  });
});

const fastifyFiles = {
  'src/app.mjs':
    "import Fastify from 'fastify';\nimport api from './api/index.mjs';\n\n" +
    'export async function build() {\n  const app = Fastify();\n' +
    "  await app.register(api, { prefix: '/api' });\n  return app;\n}\n",
  'src/api/index.mjs':
    "import boats from './boats.mjs';\nimport docks from './docks.mjs';\n" +
    "import repairs from './repairs.mjs';\n\nexport default async function api(instance) {\n" +
    "  instance.register(boats, { prefix: '/boats' });\n  instance.register(docks, { prefix: '/docks' });\n" +
    '}\n',
  'src/api/boats.mjs':
    "export default async function boats(f) {\n  f.get('/', async () => []);\n  f.post('/', async () => ({}));\n}\n",
  'src/api/docks.mjs': "export default async function docks(f) {\n  f.get('/', async () => []);\n}\n",
  'src/api/repairs.mjs':
    "export default async function repairs(f) {\n  f.get('/', async () => []);\n" +
    "  f.post('/:repairId/close', async () => ({}));\n}\n",
};

describe('node.unmounted-router with nested Fastify plugins', () => {
  it('registers only the unregistered plugin, inside the plugin that registers its siblings', async () => {
    const { outcome, tree } = await mountIn(fastifyFiles, ['GET /api/repairs', 'POST /api/repairs/{id}/close']);
    expect(outcome?.summary).toBe('mount repairs (src/api/repairs.mjs) at /api/repairs on api (src/api/index.mjs)');
    expect(await tree.read('src/api/index.mjs')).toContain(
      "  instance.register(docks, { prefix: '/docks' });\n  instance.register(repairs, { prefix: '/repairs' });\n}\n",
    );
    expect(await tree.read('src/app.mjs')).toBe(fastifyFiles['src/app.mjs']);
  });
});

const router = (method: string, path: string) =>
  `const express = require('express');\nconst router = express.Router();\n` +
  `router.${method}('${path}', (req, res) => res.json([]));\nmodule.exports = router;\n`;

describe('node.unmounted-router before the 404 and error handlers', () => {
  it('mounts after the last router, before app.use(notFound) and app.use(errorHandler)', async () => {
    const app =
      "const express = require('express');\nconst usersRouter = require('./routes/users');\n" +
      "const { notFound, errorHandler } = require('./middleware/errors');\n\nconst app = express();\n" +
      "app.use(express.json());\napp.use('/api/users', usersRouter);\napp.use(notFound);\n" +
      'app.use(errorHandler);\n\nmodule.exports = app;\n';
    const { outcome, tree } = await mountIn(
      {
        'src/app.js': app,
        'src/routes/users.js': router('get', '/'),
        'src/routes/orders.js': router('post', '/:orderId/cancel'),
        'src/middleware/errors.js':
          "function notFound(req, res) {\n  res.status(404).json({ error: 'Not found' });\n}\n" +
          'function errorHandler(err, req, res, next) {\n  res.status(500).json({ error: err.message });\n' +
          '}\nmodule.exports = { notFound, errorHandler };\n',
      },
      ['POST /api/orders/{orderId}/cancel'],
    );
    expect(outcome?.summary).toBe('mount router (src/routes/orders.js) at /api/orders');
    expect(await tree.read('src/app.js')).toBe(
      app
        .replace(
          "require('./middleware/errors');\n",
          "require('./middleware/errors');\nconst ordersRouter = require('./routes/orders');\n",
        )
        .replace(
          "app.use('/api/users', usersRouter);\n",
          "app.use('/api/users', usersRouter);\napp.use('/api/orders', ordersRouter);\n",
        ),
    );
  });

  it(`mounts on the routes/index.js aggregator in its inline-require style, not on the app after its \
handlers`, async () => {
    const index =
      "const { Router } = require('express');\nconst router = Router();\n" +
      "router.use('/users', require('./users'));\nrouter.use('/projects', require('./projects'));\n" +
      'module.exports = router;\n';
    const app =
      "const express = require('express');\nconst routes = require('./routes');\nconst app = express();\n" +
      "app.use('/api', routes);\napp.use((req, res) => res.status(404).json({ error: 'Not found' }));\n" +
      "app.use((err, req, res, next) => res.status(500).json({ error: 'Internal' }));\n" +
      'module.exports = app;\n';
    const { tree } = await mountIn(
      {
        'src/app.js': app,
        'src/routes/index.js': index,
        'src/routes/users.js': router('get', '/'),
        'src/routes/projects.js': router('get', '/'),
        'src/routes/tags.js': router('get', '/:tagId'),
      },
      ['GET /api/tags/{tagId}'],
    );
    expect(await tree.read('src/routes/index.js')).toBe(
      index.replace("require('./projects'));\n", "require('./projects'));\nrouter.use('/tags', require('./tags'));\n"),
    );
    expect(await tree.read('src/app.js')).toBe(app);
  });

  it('mounts before an inline 404 handler when the app mounts no router yet', async () => {
    const app =
      "const express = require('express');\nconst app = express();\napp.use(express.json());\n" +
      "app.use((req, res) => res.status(404).json({ error: 'Not found' }));\napp.listen(3000);\n";
    const { tree } = await mountIn({ 'src/server.js': app, 'src/routes/tags.js': router('get', '/:tagId') }, [
      'GET /tags/{tagId}',
    ]);
    expect(await tree.read('src/server.js')).toBe(
      app
        .replace('app.use((req, res) =>', "app.use('/tags', tagsRouter);\napp.use((req, res) =>")
        .replace('const app = express();', "const tagsRouter = require('./routes/tags');\nconst app = express();")
        .replace(
          "const tagsRouter = require('./routes/tags');\nconst app",
          "const tagsRouter = require('./routes/tags');\nconst app",
        ),
    );
  });

  it("names the new binding like the app's own routers, not after express's Router (ESM aggregator)", async () => {
    const index =
      "import { Router } from 'express';\nimport projectsRoutes from './projects.js';\n\n" +
      "const router = Router();\nrouter.use('/projects', projectsRoutes);\n\nexport default router;\n";
    const esm = (method: string, path: string) =>
      `import { Router } from 'express';\nconst router = Router();\n` +
      `router.${method}('${path}', (req, res) => res.json([]));\nexport default router;\n`;
    const { tree } = await mountIn(
      {
        'src/app.js':
          "import express from 'express';\nimport routes from './routes/index.js';\n" +
          "const app = express();\napp.use('/api', routes);\n",
        'src/routes/index.js': index,
        'src/routes/projects.js': esm('get', '/'),
        'src/routes/tags.js': esm('get', '/'),
      },
      ['GET /api/tags'],
    );
    expect(await tree.read('src/routes/index.js')).toBe(
      index
        .replace(
          "import projectsRoutes from './projects.js';\n",
          "import projectsRoutes from './projects.js';\nimport tagsRoutes from './tags.js';\n",
        )
        .replace(
          "router.use('/projects', projectsRoutes);\n",
          "router.use('/projects', projectsRoutes);\nrouter.use('/tags', tagsRoutes);\n",
        ),
    );
  });

  it('does not mount anything for a documented path no router defines', async () => {
    const { outcome } = await mountIn(
      {
        'src/server.js': "const express = require('express');\nconst app = express();\napp.listen(3000);\n",
        'src/routes/tags.js': router('get', '/:tagId'),
      },
      ['DELETE /tags/{tagId}'],
    );
    expect(outcome).toBeNull();
  });
});

// routes/index.js aggregates the routers and is served at the root (`app.use('/', routes)`).
const aggregated = {
  'src/app.js':
    "const express = require('express');\nconst routes = require('./routes');\nconst app = express();\n" +
    "app.use(express.json());\napp.use('/', routes);\n" +
    "app.use((req, res) => res.status(404).json({ error: 'Not Found' }));\nmodule.exports = app;\n",
  'src/routes/index.js':
    "const express = require('express');\nconst tasksRouter = require('./tasks');\n" +
    "const commentsRouter = require('./comments');\n\nconst router = express.Router();\n\n" +
    "router.use('/tasks', tasksRouter);\n\nmodule.exports = router;\n",
  'src/routes/tasks.js':
    "const express = require('express');\nconst router = express.Router();\n" +
    "router.get('/:taskId', (req, res) => res.json({}));\nmodule.exports = router;\n",
  'src/routes/comments.js':
    "const express = require('express');\nconst router = express.Router({ mergeParams: true });\n" +
    "router.get('/:taskId/comments', (req, res) => res.json([]));\nmodule.exports = router;\n",
};

describe('node.unmounted-router with a routes/index.js aggregator served at the root', () => {
  it('mounts the required router next to its siblings in the aggregator, not on the app', async () => {
    const { outcome, tree } = await mountIn(aggregated, ['GET /tasks/{taskId}/comments']);
    expect(outcome?.summary).toContain('on router (src/routes/index.js)');
    expect(await tree.read('src/routes/index.js')).toBe(
      aggregated['src/routes/index.js'].replace(
        "router.use('/tasks', tasksRouter);\n",
        "router.use('/tasks', tasksRouter);\nrouter.use('/tasks', commentsRouter);\n",
      ),
    );
    expect(await tree.read('src/app.js')).toBe(aggregated['src/app.js']);
  });

  it('mounts a new prefix on the aggregator that requires the router, else on the app', async () => {
    const files = {
      ...aggregated,
      'src/routes/comments.js': aggregated['src/routes/comments.js'].replace('/:taskId/comments', '/:commentId'),
    };
    const { tree } = await mountIn(files, ['GET /comments/{commentId}']);
    expect(await tree.read('src/routes/index.js')).toContain(
      "router.use('/tasks', tasksRouter);\nrouter.use('/comments', commentsRouter);\n",
    );
    expect(await tree.read('src/app.js')).toBe(aggregated['src/app.js']);
    const unrequired = {
      ...files,
      'src/routes/index.js': files['src/routes/index.js'].replace(
        "const commentsRouter = require('./comments');\n",
        '',
      ),
    };
    const onApp = await mountIn(unrequired, ['GET /comments/{commentId}']);
    expect(await onApp.tree.read('src/routes/index.js')).toBe(unrequired['src/routes/index.js']);
    expect(await onApp.tree.read('src/app.js')).toContain(
      "app.use('/', routes);\napp.use('/comments', commentsRouter);\n",
    );
  });

  it(`mounts only for the paths no mounted route serves (a served one answered 404 from its own handler), and \
refuses when every path is served`, async () => {
    const { outcome, tree } = await mountIn(aggregated, ['GET /tasks/{taskId}', 'GET /tasks/{taskId}/comments']);
    expect(outcome?.summary).toContain('on router (src/routes/index.js)');
    expect(await tree.read('src/routes/index.js')).toContain("router.use('/tasks', commentsRouter);\n");
    const served = await mountIn(aggregated, ['GET /tasks/{taskId}']);
    expect(served.outcome).toBeNull();
    expect(await served.tree.read('src/routes/index.js')).toBe(aggregated['src/routes/index.js']);
  });

  it('mounts a router made with mergeParams at the parameterised prefix its documented paths imply', async () => {
    const files = {
      ...aggregated,
      'src/app.js': aggregated['src/app.js'].replace("app.use('/', routes);", "app.use('/api', routes);"),
      'src/routes/comments.js':
        "const express = require('express');\nconst router = express.Router({ mergeParams: true });\n" +
        "router.get('/', (req, res) => res.json([]));\n" +
        "router.post('/', (req, res) => res.status(201).json({}));\nmodule.exports = router;\n",
    };
    const { tree } = await mountIn(files, ['GET /api/tasks/{taskId}/comments', 'POST /api/tasks/{taskId}/comments']);
    expect(await tree.read('src/routes/index.js')).toBe(
      aggregated['src/routes/index.js'].replace(
        "router.use('/tasks', tasksRouter);\n",
        "router.use('/tasks', tasksRouter);\nrouter.use('/tasks/:taskId/comments', commentsRouter);\n",
      ),
    );
    expect(await tree.read('src/app.js')).toBe(files['src/app.js']);
  });

  it('refuses a parameterised prefix for a router that does not merge its mount’s parameters', async () => {
    const files = {
      ...aggregated,
      'src/routes/comments.js':
        "const express = require('express');\nconst router = express.Router();\n" +
        "router.get('/', (req, res) => res.json([]));\nmodule.exports = router;\n",
    };
    const { outcome } = await mountIn(files, ['GET /tasks/{taskId}/comments']);
    expect(outcome).toBeNull();
  });
});
