import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeRouteMethod } from './route-method.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const op = (method: string, path: string): ApiOperation => ({
  method,
  path,
  endpoint: `${method.toUpperCase()} ${path}`,
  parameters: [],
  responses: [{ status: '200', mediaTypes: ['application/json'] }],
});

async function run(
  files: Record<string, string>,
  endpoint: string,
  documented: ApiOperation[],
  file: string,
  body = `Cannot ${endpoint.split(' ')[0]} ${endpoint.split(' ')[1]}`,
) {
  const kind = body.startsWith('Cannot') ? 'route_missing' : 'status_mismatch';
  const { context } = templateContext(files, { kind, endpoint, actual: 404, body });
  const contract = { openapi: '3.0.3', title: 't', operations: documented };
  const found = await allCandidates(nodeRouteMethod, { ...context, contract }, [file]);
  return found.map((f) => f.files[file]);
}

const app =
  "const express = require('express');\nconst orders = require('./routes/orders');\nconst app = express();\n" +
  "app.use(express.json());\napp.use('/api/orders', orders);\nmodule.exports = app;\n";
const orders = (verb: string, extra = '') =>
  "const { Router } = require('express');\nconst controller = require('../controllers/orders');\n\n" +
  "const router = Router();\nrouter.get('/:id', controller.get);\n" +
  `router.${verb}('/:id/cancel', controller.cancel);\n${extra}\nmodule.exports = router;\n`;
const expressFiles = (router: string) => ({
  'src/app.js': app,
  'src/routes/orders.js': router,
  'src/controllers/orders.js':
    'exports.get = (req, res) => res.json({});\nexports.cancel = (req, res) => res.json({ status: "cancelled" });\n',
});
const documented = [op('get', '/api/orders/{id}'), op('post', '/api/orders/{id}/cancel')];

describe('node.route-method', () => {
  it("registers an Express router's one route on the path with the documented method", async () => {
    const found = await run(
      expressFiles(orders('patch')),
      'POST /api/orders/{id}/cancel',
      documented,
      'src/routes/orders.js',
    );
    expect(found).toEqual([orders('post')]);
  });

  it("registers the path's one undocumented route with the method documented beside its documented GET", async () => {
    // The app's own not-found handler answered: a status mismatch, no "Cannot PATCH".
    const byId = (verb: string) =>
      orders('patch').replace("router.get('/:id', controller.get);\n", '') +
      `router.get('/:id', controller.get);\nrouter.${verb}('/:id', controller.update);\n`;
    const contract = [...documented, op('patch', '/api/orders/{id}')];
    const body = '{"error":"Route PATCH /api/orders/7 not found"}';
    const found = await run(
      expressFiles(byId('put')),
      'PATCH /api/orders/{id}',
      contract,
      'src/routes/orders.js',
      body,
    );
    expect(found).toEqual([byId('patch')]);
    // PUT documented too: the PATCH route is missing, not misregistered.
    const both = [...contract, op('put', '/api/orders/{id}')];
    expect(await run(expressFiles(byId('put')), 'PATCH /api/orders/{id}', both, 'src/routes/orders.js', body)).toEqual(
      [],
    );
  });

  it('registers a Fastify plugin route with the documented method', async () => {
    const plugin = (verb: string) =>
      "export default async function items(app) {\n  app.get('/', async () => []);\n" +
      `  app.${verb}('/:itemId/archive', async (request) => ({ id: request.params.itemId }));\n}\n`;
    const files = {
      'src/app.mjs':
        "import Fastify from 'fastify';\nimport items from './items.mjs';\nconst app = Fastify();\n" +
        "app.register(items, { prefix: '/items' });\n",
      'src/items.mjs': plugin('put'),
    };
    const contract = [op('get', '/items'), op('post', '/items/{itemId}/archive')];
    expect(await run(files, 'POST /items/{itemId}/archive', contract, 'src/items.mjs')).toEqual([plugin('post')]);
  });

  it('leaves a path whose other method is documented too, or that several routes register', async () => {
    const both = [...documented, op('patch', '/api/orders/{id}/cancel')];
    const endpoint = 'POST /api/orders/{id}/cancel';
    expect(await run(expressFiles(orders('patch')), endpoint, both, 'src/routes/orders.js')).toEqual([]);
    const twice = orders('patch', "router.put('/:id/cancel', controller.cancel);\n");
    expect(await run(expressFiles(twice), endpoint, documented, 'src/routes/orders.js')).toEqual([]);
  });
});
