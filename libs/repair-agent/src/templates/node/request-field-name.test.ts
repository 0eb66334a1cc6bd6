import { describe, expect, it } from 'vitest';
import type { TemplateContext } from '../template.js';
import { nodeRequestFieldName } from './request-field-name.js';
import { allCandidates, nodeLog, templateContext, withRequestBody } from './test-support/template-context.js';

const app =
  "const express = require('express');\nconst app = express();\napp.use(express.json());\n" +
  "app.use('/orders', require('./routes/orders'));\nmodule.exports = app;\n";
const routes =
  "const router = require('express').Router();\nconst controller = require('../controllers/orders');\n" +
  "router.post('/', controller.create);\nmodule.exports = router;\n";
const controller =
  "const service = require('../services/orders');\n" +
  'function create(req, res) {\n  const order = service.createOrder(req.body || {});\n' +
  '  res.status(201).json(order);\n}\n' +
  'module.exports = { create };\n';
const service =
  "const db = require('../db');\nfunction createOrder(data) {\n" +
  "  if (!data.clientName || !data.item) throw new Error('clientName and item are required');\n" +
  "  const id = db.run('INSERT INTO orders (client_name, item) VALUES (?, ?)', [\n" +
  '    data.client,\n    data.item,\n  ]);\n' +
  '  return { id, clientName: data.clientName, item: data.item };\n}\nmodule.exports = { createOrder };\n';
const files = {
  'src/app.js': app,
  'src/routes/orders.js': routes,
  'src/controllers/orders.js': controller,
  'src/services/orders.js': service,
};
const properties = { clientName: { type: 'string' }, item: { type: 'string' }, tags: { type: 'array' } };

// A 500 whose log has no trace (the driver threw a string): only the route leads to the code.
function traceless(tree: Record<string, string>, props: Record<string, unknown> = properties): TemplateContext {
  const { context } = templateContext(tree, { kind: 'runtime_error', endpoint: 'POST /orders', expected: 201 });
  const operation = withRequestBody(context.operation!, props, ['clientName', 'item']);
  return { ...context, operation, contract: { ...context.contract!, operations: [operation] } };
}

describe('node.request-field-name', () => {
  it('reads the documented field in the service the handler hands req.body to, with no trace', async () => {
    const found = await allCandidates(nodeRequestFieldName, traceless(files), ['src/services/orders.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.request-field-name@src/services/orders.js:5']);
    expect(found[0]!.files['src/services/orders.js']).toBe(service.replace('data.client,', 'data.clientName,'));
  });

  it('renames a destructured key in a trace frame, keeping the local name', async () => {
    const handler =
      "const router = require('express').Router();\nrouter.post('/', (req, res) => {\n" +
      '  const { client, item } = req.body;\n  res.status(201).json({ clientName: client.trim(), item });\n});\n' +
      'module.exports = router;\n';
    const tree = { 'src/app.js': app, 'src/routes/orders.js': handler };
    const { context } = templateContext(tree, {
      kind: 'runtime_error',
      endpoint: 'POST /orders',
      expected: 201,
      log: nodeLog("TypeError: Cannot read properties of undefined (reading 'trim')", [
        '/app/src/routes/orders.js:4:45',
      ]),
    });
    const operation = withRequestBody(context.operation!, properties, ['clientName', 'item']);
    const found = await allCandidates(nodeRequestFieldName, { ...context, operation }, ['src/routes/orders.js']);
    expect(found[0]!.files['src/routes/orders.js']).toBe(
      handler.replace('const { client, item }', 'const { clientName: client, item }'),
    );
  });

  it('follows the body through a helper that checks it, in the trace frame that stores the record', async () => {
    const parcels =
      'async function create(body) {\n  const input = ensureBody(body);\n' +
      "  const county = requireString(input, 'county');\n  requireNumber(input, 'areaHectares');\n" +
      '  return repository.insert({\n    county,\n    areaHectares: input.area_hectares,\n  });\n}\n' +
      'module.exports = { create };\n';
    const tree = { 'src/app.js': app, 'src/services/parcels.js': parcels };
    const { context } = templateContext(tree, {
      kind: 'runtime_error',
      endpoint: 'POST /parcels',
      expected: 201,
      log: nodeLog('Error: NOT NULL constraint failed: parcels.areaHectares', [
        'insertRow (/app/src/db/store.js:43:11)',
        'create (/app/src/services/parcels.js:5:21)',
      ]),
    });
    const props = { county: { type: 'string' }, areaHectares: { type: 'number' } };
    const operation = withRequestBody(context.operation!, props, ['county', 'areaHectares']);
    const found = await allCandidates(nodeRequestFieldName, { ...context, operation }, ['src/services/parcels.js']);
    expect(found.map((f) => f.files['src/services/parcels.js'])).toEqual([
      parcels.replace('input.area_hectares', 'input.areaHectares'),
    ]);
  });

  it('leaves documented names, names with no single documented field, and fields already read', async () => {
    const documented = service.replace('data.client,', 'data.clientName,');
    expect(
      await allCandidates(nodeRequestFieldName, traceless({ ...files, 'src/services/orders.js': documented }), []),
    ).toEqual([]);
    // `client` could stand for either field: no certain mapping.
    const twoClients = { ...properties, clientNote: { type: 'string' } };
    expect(await allCandidates(nodeRequestFieldName, traceless(files, twoClients), [])).toEqual([]);
    // A name the code sets on the body itself is its own, not a misread request field.
    const own = service.replace('  const id =', '  data.client = data.clientName.trim();\n  const id =');
    expect(
      await allCandidates(nodeRequestFieldName, traceless({ ...files, 'src/services/orders.js': own }), []),
    ).toEqual([]);
  });
});

describe('node.request-field-name (a valid request refused)', () => {
  const deliveries =
    "const express = require('express');\nconst app = express();\napp.use(express.json());\n" +
    "app.use('/deliveries', require('./routes/deliveries'));\nmodule.exports = app;\n";
  const routes =
    "const router = require('express').Router();\nconst c = require('../controllers/deliveries');\n" +
    "router.post('/', c.create);\nmodule.exports = router;\n";
  const controller =
    "const { requirePositiveNumber, requireString } = require('../utils/validate');\n" +
    'async function create(req, res) {\n  const { quarry, pricePerTonne } = req.body || {};\n' +
    "  const delivery = { quarry: requireString(quarry, 'quarry'), " +
    "price_per_tonne: requirePositiveNumber(pricePerTonne, 'price_per_tonne') };\n" +
    '  res.status(201).json(delivery);\n}\nmodule.exports = { create };\n';
  const props = { quarry: { type: 'string' }, price_per_tonne: { type: 'number' } };
  const refused = (tree: Record<string, string>, body: string, endpoint = 'POST /deliveries') => {
    const { context } = templateContext(tree, { kind: 'status_mismatch', endpoint, expected: 201, actual: 400, body });
    const operation = withRequestBody(context.operation!, props, ['quarry', 'price_per_tonne']);
    return allCandidates(nodeRequestFieldName, { ...context, operation }, Object.keys(tree));
  };
  const tree = {
    'src/app.js': deliveries,
    'src/routes/deliveries.js': routes,
    'src/controllers/deliveries.js': controller,
  };

  it('reads the documented field a 400 names, where the handler destructured another spelling', async () => {
    const found = await refused(tree, '{"error":"price_per_tonne must be a positive number"}');
    expect(found.map((f) => f.files['src/controllers/deliveries.js'])).toEqual([
      controller.replace('{ quarry, pricePerTonne }', '{ quarry, price_per_tonne: pricePerTonne }'),
    ]);
  });

  it('does the same for a member read in an ESM handler written inline (TypeScript)', async () => {
    const handler =
      'import { Router } from "express";\nimport { requirePositiveNumber } from "../validate.js";\n' +
      'export const router = Router();\nrouter.post("/", (req, res) => {\n' +
      '  const body = req.body ?? {};\n' +
      '  res.status(201).json({ price_per_tonne: requirePositiveNumber(body.pricePerTonne, "price_per_tonne") });\n' +
      '});\n';
    const app =
      'import express from "express";\nimport { router } from "./routes/deliveries.js";\n' +
      'export const app = express();\napp.use(express.json());\napp.use("/deliveries", router);\n';
    const ts = { 'src/app.ts': app, 'src/routes/deliveries.ts': handler };
    const found = await refused(ts, '{"detail":"price_per_tonne must be a positive number"}');
    expect(found.map((f) => f.files['src/routes/deliveries.ts'])).toEqual([
      handler.replace('body.pricePerTonne', 'body.price_per_tonne'),
    ]);
  });

  it('near miss: a refusal that names another field, or none, leaves the read alone', async () => {
    expect(await refused(tree, '{"error":"quarry must be a non-empty string"}')).toEqual([]);
    expect(await refused(tree, '{"error":"Bad Request"}')).toEqual([]);
  });
});
