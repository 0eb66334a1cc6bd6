import { describe, expect, it } from 'vitest';
import { nodeRouteParamName } from './route-param-name.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const app = (mount: string) =>
  `const express = require('express');\nconst app = express();\napp.use('/projects', require('./routes/${mount}'));\n`;

describe('node.route-param-name', () => {
  it('reads the declared :projectId instead of req.params.id (inline handler)', async () => {
    const routes =
      "const router = require('express').Router();\nconst repo = require('../repo');\n" +
      "router.get('/:projectId/summary', async (req, res) => {\n" +
      '  const project = await repo.findById(req.params.id);\n  res.json({ name: project.name });\n});\n' +
      'module.exports = router;\n';
    const { context } = templateContext(
      {
        'src/app.js': app('projects'),
        'src/routes/projects.js': routes,
        'src/repo.js': 'exports.findById = async (id) => null;\n',
      },
      {
        kind: 'crash',
        endpoint: 'GET /projects/{projectId}/summary',
        log: nodeLog("TypeError: Cannot read properties of null (reading 'name')", [
          '/app/src/routes/projects.js:5:29',
        ]),
        actual: null,
      },
    );
    const found = await allCandidates(nodeRouteParamName, context, ['src/routes/projects.js']);
    expect(found.map((f) => f.candidate.summary)).toEqual([
      'read req.params.projectId instead of id (src/routes/projects.js:3)',
    ]);
    expect(found[0]!.files['src/routes/projects.js']).toBe(routes.replace('req.params.id', 'req.params.projectId'));
  });

  it('renames a destructured read, keeping its local name, in a controller the route references', async () => {
    const routes =
      "const router = require('express').Router();\nconst tasks = require('../controllers/tasks');\n" +
      "router.get('/:projectId/tasks/:taskId', tasks.show);\nmodule.exports = router;\n";
    const controller =
      "const store = require('../store');\nexports.show = (req, res) => {\n" +
      '  const { projectId, id } = req.params;\n  const task = store.task(projectId, id);\n' +
      '  res.json({ title: task.title });\n};\n';
    const { context } = templateContext(
      {
        'src/app.js': app('projects'),
        'src/routes/projects.js': routes,
        'src/controllers/tasks.js': controller,
        'src/store.js': 'exports.task = () => undefined;\n',
      },
      {
        kind: 'runtime_error',
        endpoint: 'GET /projects/{projectId}/tasks/{taskId}',
        log: nodeLog("TypeError: Cannot read properties of undefined (reading 'title')", [
          'exports.show (/app/src/controllers/tasks.js:5:30)',
        ]),
      },
    );
    const found = await allCandidates(nodeRouteParamName, context, ['src/controllers/tasks.js']);
    expect(found[0]!.files['src/controllers/tasks.js']).toBe(
      controller.replace('{ projectId, id }', '{ projectId, taskId: id }'),
    );
  });

  it('takes a mounted route that answers 404 (its own not-found for the id it did not read)', async () => {
    const routes =
      "import { Router } from 'express';\nimport * as repo from '../repo.js';\nconst router = Router();\n" +
      "router.get('/:projectId', async (req, res) => {\n" +
      '  const project = await repo.findById(Number(req.params.id));\n' +
      "  if (!project) return res.status(404).json({ error: 'Project not found' });\n  res.json(project);\n" +
      '});\nexport default router;\n';
    const { context } = templateContext(
      {
        'src/app.js':
          "import express from 'express';\nimport projects from './routes/projects.js';\n" +
          "const app = express();\napp.use('/projects', projects);\n",
        'src/routes/projects.js': routes,
        'src/repo.js': 'export async function findById(id) { return null; }\n',
      },
      { kind: 'route_missing', endpoint: 'GET /projects/{projectId}', expected: 200, actual: 404 },
    );
    const found = await allCandidates(nodeRouteParamName, context, ['src/routes/projects.js']);
    expect(found[0]!.files['src/routes/projects.js']).toBe(routes.replace('req.params.id', 'req.params.projectId'));
  });

  it("reads the declared id the handler's message names (req.params.id beside req.params.smithId)", async () => {
    const routes =
      "import { Router } from 'express';\nimport * as repo from '../repo.js';\nconst router = Router();\n" +
      "router.get('/:smithId/commissions', async (req, res) => {\n" +
      '  const smith = await repo.findById(Number(req.params.id));\n' +
      '  if (!smith) return res.status(404).json({ error: `Smith ${req.params.smithId} not found` });\n' +
      '  res.json(smith);\n});\nexport default router;\n';
    const { context } = templateContext(
      {
        'src/app.js':
          "import express from 'express';\nimport smiths from './routes/smiths.js';\n" +
          "const app = express();\napp.use('/smiths', smiths);\n",
        'src/routes/smiths.js': routes,
        'src/repo.js': 'export async function findById(id) { return null; }\n',
      },
      { kind: 'status_mismatch', endpoint: 'GET /smiths/{smithId}/commissions', expected: 200, actual: 404 },
    );
    const found = await allCandidates(nodeRouteParamName, context, ['src/routes/smiths.js']);
    expect(found[0]!.files['src/routes/smiths.js']).toBe(routes.replace('req.params.id)', 'req.params.smithId)'));
  });

  it('leaves a handler that reads only declared parameters', async () => {
    const routes =
      "const router = require('express').Router();\nconst repo = require('../repo');\n" +
      "router.get('/:id/summary', async (req, res) => {\n" +
      '  const project = await repo.findById(req.params.id);\n  res.json({ name: project.name });\n});\n' +
      'module.exports = router;\n';
    const { context } = templateContext(
      {
        'src/app.js': app('projects'),
        'src/routes/projects.js': routes,
        'src/repo.js': 'exports.findById = async (id) => null;\n',
      },
      {
        kind: 'runtime_error',
        endpoint: 'GET /projects/{id}/summary',
        log: nodeLog("TypeError: Cannot read properties of null (reading 'name')", [
          '/app/src/routes/projects.js:5:29',
        ]),
      },
    );
    expect(await allCandidates(nodeRouteParamName, context, [])).toEqual([]);
  });
});

// An Express app whose routers are mounted by a routes/index.js aggregator served at the root.
const layered = (index: string) => ({
  'src/app.js':
    "const express = require('express');\nconst routes = require('./routes');\n" +
    "const { notFound, errorHandler } = require('./middleware/errors');\nconst app = express();\n" +
    "app.use(express.json());\napp.use('/', routes);\napp.use(notFound);\napp.use(errorHandler);\n" +
    'module.exports = app;\n',
  'src/middleware/errors.js':
    "function notFound(req, res) {\n  res.status(404).json({ error: 'Not Found', message: `No route for " +
    '${req.method} ${req.path}` });\n}\nfunction errorHandler(err, req, res, next) {\n' +
    '  res.status(err.status || 500).json({ error: err.name, message: err.message });\n}\n' +
    'module.exports = { notFound, errorHandler };\n',
  'src/middleware/asyncHandler.js':
    'module.exports = (fn) => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next);\n',
  'src/routes/index.js': index,
  'src/routes/orders.js':
    "const express = require('express');\nconst asyncHandler = require('../middleware/asyncHandler');\n" +
    "const controller = require('../controllers/ordersController');\nconst router = express.Router();\n" +
    "router.get('/', asyncHandler(controller.list));\n" +
    "router.get('/:orderId', asyncHandler(controller.show));\nmodule.exports = router;\n",
  'src/routes/notes.js':
    "const express = require('express');\nconst controller = require('../controllers/notesController');\n" +
    'const router = express.Router({ mergeParams: true });\n' +
    "router.get('/:orderId/notes', controller.list);\nmodule.exports = router;\n",
  'src/controllers/ordersController.js':
    "const orders = require('../services/orderService');\nasync function list(req, res) {\n" +
    '  res.json(await orders.listOrders());\n}\nasync function show(req, res) {\n' +
    '  const order = await orders.getOrder(req.params.id);\n  res.json(order);\n}\n' +
    'module.exports = { list, show };\n',
  'src/controllers/notesController.js': 'exports.list = (req, res) => res.json([]);\n',
  'src/services/orderService.js':
    "const { NotFoundError } = require('../errors');\nasync function listOrders() { return []; }\n" +
    'async function getOrder(id) {\n  throw new NotFoundError(`Order ${id} not found`);\n}\n' +
    'module.exports = { listOrders, getOrder };\n',
  'src/errors.js': 'class NotFoundError extends Error {}\nmodule.exports = { NotFoundError };\n',
});
const aggregator =
  "const express = require('express');\nconst ordersRouter = require('./orders');\n" +
  "const notesRouter = require('./notes');\n\nconst router = express.Router();\n\n" +
  "router.use('/orders', ordersRouter);\n\nmodule.exports = router;\n";
const handler404 = (endpoint: string) => ({
  kind: 'route_missing' as const,
  endpoint,
  actual: 404,
  message: 'HTTP 404 {"error":"NotFoundError","message":"Order undefined not found"}',
});

describe('node.route-param-name on a 404 the handler answers', () => {
  it(`reads the declared :orderId in a controller behind a wrapper, the route mounted through an \
aggregator`, async () => {
    const files = layered(
      aggregator.replace(
        "router.use('/orders', ordersRouter);\n",
        "router.use('/orders', ordersRouter);\nrouter.use('/orders', notesRouter);\n",
      ),
    );
    const { context } = templateContext(files, handler404('GET /orders/{orderId}'));
    const found = await allCandidates(nodeRouteParamName, context, ['src/controllers/ordersController.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.route-param-name']);
    expect(found[0]!.files['src/controllers/ordersController.js']).toBe(
      files['src/controllers/ordersController.js'].replace('req.params.id', 'req.params.orderId'),
    );
  });

  it('mounts, in the same candidate, the router the other 404s of the cause need, next to its siblings', async () => {
    const files = layered(aggregator);
    const { context } = templateContext(files, handler404('GET /orders/{orderId}'));
    const notes = {
      ...context.cause.violations[0]!,
      endpoint: 'GET /orders/{orderId}/notes',
      message: 'HTTP 404 {"error":"Not Found"}',
    };
    const cause = {
      ...context.cause,
      violations: [...context.cause.violations, notes],
      endpoints: ['GET /orders/{orderId}', 'GET /orders/{orderId}/notes'],
    };
    const found = await allCandidates(nodeRouteParamName, { ...context, cause }, [
      'src/controllers/ordersController.js',
      'src/routes/index.js',
      'src/app.js',
    ]);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.route-param-name#mount']);
    expect(found[0]!.files['src/controllers/ordersController.js']).toContain('orders.getOrder(req.params.orderId)');
    expect(found[0]!.files['src/routes/index.js']).toBe(
      aggregator.replace(
        "router.use('/orders', ordersRouter);\n",
        "router.use('/orders', ordersRouter);\nrouter.use('/orders', notesRouter);\n",
      ),
    );
    expect(found[0]!.files['src/app.js']).toBe(files['src/app.js']);
  });

  it('reads the declared parameter of a Fastify handler that answers 404 itself', async () => {
    const routes =
      'export default async function parcels(app) {\n' +
      "  app.get('/parcels/:parcelId', async (request, reply) => {\n" +
      '    const parcel = await app.db.parcel(request.params.id);\n' +
      "    if (!parcel) return reply.code(404).send({ message: 'not found' });\n    return parcel;\n  });\n" +
      '}\n';
    const files = {
      'src/server.mjs':
        "import Fastify from 'fastify';\nimport parcels from './parcels.mjs';\nconst app = Fastify();\n" +
        'app.register(parcels);\n',
      'src/parcels.mjs': routes,
    };
    const { context } = templateContext(files, handler404('GET /parcels/{parcelId}'));
    const found = await allCandidates(nodeRouteParamName, context, ['src/parcels.mjs']);
    expect(found[0]!.files['src/parcels.mjs']).toBe(routes.replace('request.params.id', 'request.params.parcelId'));
  });

  it('leaves a 404 from a handler that reads only the parameters its route declares', async () => {
    const files = layered(aggregator);
    files['src/controllers/ordersController.js'] = files['src/controllers/ordersController.js'].replace(
      'req.params.id',
      'req.params.orderId',
    );
    const { context } = templateContext(files, handler404('GET /orders/{orderId}'));
    expect(await allCandidates(nodeRouteParamName, context, [])).toEqual([]);
  });

  it('takes a documented read its handler refuses with 400 (its check on the undefined parameter)', async () => {
    const routes =
      "import { Router } from 'express';\nimport * as repo from '../repo.js';\nconst router = Router();\n" +
      "router.get('/:riderId', async (req, res) => {\n" +
      '  const id = Number(req.params.id);\n' +
      '  if (!Number.isInteger(id) || id < 1)\n' +
      "    return res.status(400).json({ error: 'riderId must be a positive integer' });\n" +
      '  res.json(await repo.findById(id));\n});\nexport default router;\n';
    const files = {
      'src/app.js':
        "import express from 'express';\nimport riders from './routes/riders.js';\n" +
        "const app = express();\napp.use('/riders', riders);\n",
      'src/routes/riders.js': routes,
      'src/repo.js': 'export async function findById(id) { return { id }; }\n',
    };
    const at = (actual: number) =>
      templateContext(files, { kind: 'status_mismatch', endpoint: 'GET /riders/{riderId}', expected: 200, actual });
    const found = await allCandidates(nodeRouteParamName, at(400).context, ['src/routes/riders.js']);
    expect(found[0]!.files['src/routes/riders.js']).toBe(routes.replace('req.params.id', 'req.params.riderId'));
    // A 409 is a refusal of the request's data, not of a parameter it could not read.
    expect(await allCandidates(nodeRouteParamName, at(409).context, [])).toEqual([]);
  });
});
