import { describe, expect, it } from 'vitest';
import { nodeValidationStatus } from './validation-status.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const app =
  "const express = require('express');\nconst app = express();\napp.use(express.json());\n" +
  "app.use('/tasks', require('./routes/tasks'));\n";
const validator =
  "function validateTask(body) {\n  if (!body.title) throw new Error('title is required');\n" +
  "  if (body.title.length > 80) throw new Error('title is too long');\n}\n" +
  'module.exports = { validateTask };\n';
const routes =
  "const router = require('express').Router();\nconst { validateTask } = require('../validate');\n" +
  "router.get('/:id', (req, res) => res.status(404).json({ message: 'Task not found' }));\n" +
  "router.post('/', (req, res) => {\n  validateTask(req.body);\n  res.status(201).json(req.body);\n});\n" +
  'module.exports = router;\n';
const log = nodeLog('Error: title is required', [
  'validateTask (/app/src/validate.js:2:31)',
  '/app/src/routes/tasks.js:5:3',
]);

describe('node.validation-status', () => {
  it("refuses at the handler with the app's own error key when the app has no validation error class", async () => {
    const { context } = templateContext(
      { 'src/app.js': app, 'src/routes/tasks.js': routes, 'src/validate.js': validator },
      { kind: 'runtime_error', endpoint: 'POST /tasks', log, expected: 400, responses: ['201', '400'] },
    );
    const found = await allCandidates(nodeValidationStatus, context, ['src/routes/tasks.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.validation-status#handler']);
    expect(found[0]!.files['src/routes/tasks.js']).toBe(
      routes.replace(
        '  validateTask(req.body);\n',
        '  try {\n    validateTask(req.body);\n  } catch (err) {\n' +
          '    return res.status(400).json({ message: err.message });\n  }\n',
      ),
    );
  });

  it("throws the app's own ValidationError at the rule, imported (ESM), before the handler-level refusal", async () => {
    const esmValidator =
      "export function validateTask(body) {\n  if (!body.title) throw new Error('title is required');\n}\n";
    const esmRoutes =
      "import { Router } from 'express';\nimport { validateTask } from '../validate.js';\n" +
      "export const router = Router();\nrouter.post('/', (req, res) => {\n  validateTask(req.body);\n" +
      '  res.status(201).json(req.body);\n});\n';
    const errors =
      'export class ValidationError extends Error {\n  constructor(message) {\n    super(message);\n' +
      '    this.status = 422;\n  }\n}\n';
    const { context } = templateContext(
      {
        'src/app.mjs':
          "import express from 'express';\nimport { router } from './routes/tasks.js';\n" +
          "const app = express();\napp.use('/tasks', router);\n",
        'src/routes/tasks.js': esmRoutes,
        'src/validate.js': esmValidator,
        'src/errors.js': errors,
      },
      { kind: 'runtime_error', endpoint: 'POST /tasks', log, expected: 422, responses: ['201', '422'] },
    );
    const found = await allCandidates(nodeValidationStatus, context, ['src/validate.js', 'src/routes/tasks.js']);
    expect(found.map((f) => f.candidate.key)).toEqual([
      'node.validation-status#class',
      'node.validation-status#handler',
    ]);
    expect(found[0]!.files['src/validate.js']).toBe(
      "import { ValidationError } from './errors.js';\nexport function validateTask(body) {\n" +
        "  if (!body.title) throw new ValidationError('title is required');\n}\n",
    );
    expect(found[1]!.files['src/routes/tasks.js']).toContain('return res.status(422).json({ error: err.message });');
  });

  it('does nothing when the operation documents no 400/422, or the throw is not a plain Error', async () => {
    const undocumented = templateContext(
      { 'src/app.js': app, 'src/routes/tasks.js': routes, 'src/validate.js': validator },
      { kind: 'runtime_error', endpoint: 'POST /tasks', log, responses: ['201'] },
    );
    expect(await allCandidates(nodeValidationStatus, undocumented.context, [])).toEqual([]);
    const other = validator.replace("throw new Error('title is required')", "throw new TypeError('title is required')");
    const typed = templateContext(
      { 'src/app.js': app, 'src/routes/tasks.js': routes, 'src/validate.js': other },
      { kind: 'runtime_error', endpoint: 'POST /tasks', log, responses: ['201', '400'] },
    );
    expect(await allCandidates(nodeValidationStatus, typed.context, [])).toEqual([]);
  });

  it(`throws the app's HttpError(400, …) for a plain Error in an inline ESM handler that also throws its own errors, \
when a test on the parsed body guards it`, async () => {
    const httpError =
      'export class HttpError extends Error {\n  constructor(status, message, issues) {\n' +
      '    super(message);\n    this.status = status;\n    this.issues = issues;\n  }\n}\n' +
      'export const notFound = (what, id) => new HttpError(404, `${what} ${id} not found`);\n';
    const orders =
      "import { Router } from 'express';\nimport { HttpError, notFound } from '../lib/httpError.js';\n" +
      "import { OrderInput } from '../schemas.js';\nimport { findShop } from '../data.js';\n\n" +
      "const router = Router();\n\nrouter.post('/', async (req, res, next) => {\n  try {\n" +
      '    const parsed = OrderInput.safeParse(req.body);\n' +
      "    if (!parsed.success) throw new HttpError(400, 'Invalid order', parsed.error.issues);\n" +
      '    const data = parsed.data;\n    const shop = await findShop(data.shopId);\n' +
      "    if (!shop) throw notFound('shop', data.shopId);\n    if (data.quantity > shop.maxPerOrder) {\n" +
      '      throw new Error(`${shop.name} sells at most ${shop.maxPerOrder}`);\n    }\n' +
      "    if (!shop.open) {\n      throw new Error('shop closed');\n    }\n" +
      '    res.status(201).json({ ok: true });\n  } catch (err) {\n    next(err);\n  }\n});\n\n' +
      'export default router;\n';
    const files = {
      'src/app.js':
        "import express from 'express';\nimport orders from './routes/orders.js';\nconst app = express();\n" +
        "app.use('/api/orders', orders);\n",
      'src/routes/orders.js': orders,
      'src/lib/httpError.js': httpError,
      'src/data.js': 'export async function findShop(id) {\n  return { id };\n}\n',
      'src/schemas.js': 'export const OrderInput = {};\n',
    };
    const at = (line: number, message: string) =>
      nodeLog(`Error: ${message}`, [`file:///app/src/routes/orders.js:${line}:13`]);
    const { context } = templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'POST /api/orders',
      log: at(16, 'Corner sells at most 8'),
      expected: 400,
      responses: ['201', '400', '404'],
    });
    const found = await allCandidates(nodeValidationStatus, context, ['src/routes/orders.js']);
    expect(found.map((f) => f.candidate.key)[0]).toBe('node.validation-status#class');
    expect(found[0]!.files['src/routes/orders.js']).toBe(
      orders.replace('throw new Error(`${shop.name}', 'throw new HttpError(400, `${shop.name}'),
    );
    // The same handler's plain throw on a test that reads no request data is no invalid request.
    const closed = templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'POST /api/orders',
      log: at(19, 'shop closed'),
      expected: 400,
      responses: ['201', '400', '404'],
    });
    expect(await allCandidates(nodeValidationStatus, closed.context, [])).toEqual([]);
  });
});
