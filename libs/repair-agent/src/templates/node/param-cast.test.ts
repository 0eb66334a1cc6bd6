import type { ApiModel, ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeParamCast } from './param-cast.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const operationOf = (endpoint: string, params: Record<string, string>): ApiOperation => {
  const [method, path] = endpoint.split(' ') as [string, string];
  return {
    method,
    path,
    endpoint,
    parameters: Object.entries(params).map(([name, type]) => ({ name, in: 'path', required: true, schema: { type } })),
    responses: [
      { status: '200', mediaTypes: ['application/json'] },
      { status: '404', mediaTypes: ['application/json'] },
    ],
  };
};
const contextFor = (files: Record<string, string>, endpoint: string, params: Record<string, string>) => {
  const { context } = templateContext(files, { kind: 'route_missing', endpoint, actual: 404 });
  const operation = operationOf(endpoint, params);
  const contract: ApiModel = { openapi: '3.0.3', title: 't', operations: [operation] };
  return { ...context, operation, contract };
};

// A TypeScript project whose other handlers read ids through its own parser.
const handlers = [
  "import { Request, Response } from 'express';",
  "import * as orders from '../services/orders.js';",
  '',
  'export async function getOrder(req: Request, res: Response) {',
  '  const { orderId } = req.params as unknown as { orderId: number };',
  '  const order = await orders.find(orderId);',
  "  if (!order) return res.status(404).json({ error: 'not found' });",
  '  res.json(order);',
  '}',
  '',
].join('\n');
const customers =
  "import { Request, Response } from 'express';\nimport { parseId } from '../util/params.js';\n" +
  "import * as orders from '../services/orders.js';\n\n" +
  'export async function getCustomer(req: Request, res: Response) {\n' +
  '  res.json(await orders.customer(parseId(req.params.id)));\n}\n';
const project = {
  'src/app.ts':
    "import express from 'express';\nimport routes from './routes/orders.js';\nconst app = express();\n" +
    "app.use('/orders', routes);\nexport default app;\n",
  'src/routes/orders.ts':
    "import { Router } from 'express';\nimport * as handlers from '../handlers/orders.js';\n" +
    "import { getCustomer } from '../handlers/customers.js';\nconst router = Router();\n" +
    "router.get('/customers/:id', getCustomer);\nrouter.get('/:orderId', handlers.getOrder);\n" +
    'export default router;\n',
  'src/handlers/orders.ts': handlers,
  'src/handlers/customers.ts': customers,
  'src/util/params.ts': 'export function parseId(raw: string | undefined): number {\n  return Number(raw);\n}\n',
  'src/services/orders.ts':
    'export async function find(id: number) { return undefined; }\n' +
    'export async function customer(id: number) { return {}; }\n',
};

describe('node.param-cast', () => {
  it("reads the parameter through the project's parser, imported from where it is exported", async () => {
    const context = contextFor(project, 'GET /orders/{orderId}', { orderId: 'integer' });
    const found = await allCandidates(nodeParamCast, context, ['src/handlers/orders.ts']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.param-cast#parser']);
    expect(found[0]!.files['src/handlers/orders.ts']).toBe(
      handlers
        .replace(
          "import * as orders from '../services/orders.js';",
          "import * as orders from '../services/orders.js';\nimport { parseId } from '../util/params.js';",
        )
        .replace('{ orderId } = req.params as unknown as { orderId: number }', 'orderId = parseId(req.params.orderId)'),
    );
  });

  it(`converts with Number in an inline handler of a project without a parser, leaving a string parameter as it \
is`, async () => {
    const routes = [
      "import { Router } from 'express';",
      "import { store } from './store';",
      '',
      'interface ItemParams {',
      '  listId: number;',
      '  slug: string;',
      '}',
      '',
      'export const lists = Router();',
      "lists.get('/:listId/items/:slug', (req, res) => {",
      '  const { listId: list, slug } = req.params as unknown as ItemParams;',
      '  const item = store.get(list)?.find((i) => i.slug === slug);',
      "  if (!item) return res.status(404).json({ error: 'no such item' });",
      '  res.json(item);',
      '});',
      '',
    ].join('\n');
    const files = {
      'src/server.ts':
        "import express from 'express';\nimport { lists } from './lists';\nconst app = express();\n" +
        "app.use('/lists', lists);\napp.listen(3000);\n",
      'src/lists.ts': routes,
      'src/store.ts': 'export const store = new Map<number, { slug: string }[]>();\n',
    };
    const context = contextFor(files, 'GET /lists/{listId}/items/{slug}', { listId: 'integer', slug: 'string' });
    const found = await allCandidates(nodeParamCast, context, ['src/lists.ts']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.param-cast#number']);
    expect(found[0]!.files['src/lists.ts']).toBe(
      routes
        .replace('interface ItemParams {\n  listId: number;\n  slug: string;\n}\n\n', '')
        .replace(
          '{ listId: list, slug } = req.params as unknown as ItemParams',
          'list = Number(req.params.listId), slug = req.params.slug',
        ),
    );
  });

  it('leaves a destructuring without a cast, and a parameter the contract documents as a string', async () => {
    const plain = { ...project, 'src/handlers/orders.ts': handlers.replace(' as unknown as { orderId: number }', '') };
    expect(
      await allCandidates(nodeParamCast, contextFor(plain, 'GET /orders/{orderId}', { orderId: 'integer' }), []),
    ).toEqual([]);
    expect(
      await allCandidates(nodeParamCast, contextFor(project, 'GET /orders/{orderId}', { orderId: 'string' }), []),
    ).toEqual([]);
  });
});
