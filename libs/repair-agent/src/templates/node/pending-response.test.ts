import { describe, expect, it } from 'vitest';
import type { TemplateContext } from '../template.js';
import { nodePendingResponse } from './pending-response.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

// A 2xx whose body is what JSON makes of a Promise.
function sentPromise(files: Record<string, string>, endpoint: string, status: number, body = '{}'): TemplateContext {
  const { context } = templateContext(files, {
    kind: 'schema_mismatch',
    endpoint,
    expected: status,
    actual: status,
    message: `body does not match the HTTP ${status} schema: (body) must have required property 'id'`,
  });
  return {
    ...context,
    cause: { ...context.cause, violations: context.cause.violations.map((v) => ({ ...v, responseExcerpt: body })) },
  };
}

const handlers =
  "import * as logs from '../services/logs.js';\n\nexport const recordCook = async (req, res) => {\n" +
  '  const log = logs.record(req.params.recipeId, req.body);\n  await logs.refreshLeaderboard();\n' +
  '  res.status(201).json(log);\n};\n';
const esm = {
  'src/app.js':
    "import express from 'express';\nimport routes from './routes/logs.js';\nconst app = express();\n" +
    "app.use('/recipes/:recipeId/cooklogs', routes);\nexport default app;\n",
  'src/routes/logs.js':
    "import express from 'express';\nimport { recordCook } from '../handlers/logs.js';\n" +
    "const router = express.Router({ mergeParams: true });\nrouter.post('/', recordCook);\n" +
    'export default router;\n',
  'src/handlers/logs.js': handlers,
  'src/services/logs.js':
    'export async function record(id, body) {\n  return { id: 1, ...body };\n}\n' +
    'export async function refreshLeaderboard() {}\n',
};

describe('node.pending-response', () => {
  it('awaits the call whose Promise the handler sends, not the awaited one beside it (ESM)', async () => {
    const found = await allCandidates(nodePendingResponse, sentPromise(esm, 'POST /recipes/{recipeId}/cooklogs', 201), [
      'src/handlers/logs.js',
    ]);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.pending-response']);
    expect(found[0]!.files['src/handlers/logs.js']).toBe(
      handlers.replace('const log = logs.record(', 'const log = await logs.record('),
    );
  });

  it('awaits a class method sent by res.json in an inline CommonJS handler', async () => {
    const routes =
      "const router = require('express').Router();\nconst { Notes } = require('./notes');\n" +
      "const notes = new Notes();\nrouter.get('/:id', async (req, res) => {\n" +
      '  const note = notes.find(Number(req.params.id));\n  res.json(note);\n});\n' +
      'module.exports = router;\n';
    const files = {
      'src/app.js':
        "const express = require('express');\nconst app = express();\n" +
        "app.use('/notes', require('./routes'));\nmodule.exports = app;\n",
      'src/routes.js': routes,
      'src/notes.js': 'class Notes {\n  async find(id) {\n    return { id };\n  }\n}\nmodule.exports = { Notes };\n',
    };
    const found = await allCandidates(nodePendingResponse, sentPromise(files, 'GET /notes/{id}', 200), [
      'src/routes.js',
    ]);
    expect(found[0]!.files['src/routes.js']).toBe(
      routes.replace('const note = notes.find(', 'const note = await notes.find('),
    );
  });

  it('leaves a body with data, and a pending call whose result is not sent', async () => {
    expect(
      await allCandidates(
        nodePendingResponse,
        sentPromise(esm, 'POST /recipes/{recipeId}/cooklogs', 201, '{"cook":"a"}'),
        [],
      ),
    ).toEqual([]);
    const other = {
      ...esm,
      'src/handlers/logs.js': handlers
        .replace('const log = logs.record(', 'const log = await logs.record(')
        .replace('await logs.refreshLeaderboard();', 'const board = logs.refreshLeaderboard();'),
    };
    expect(
      await allCandidates(nodePendingResponse, sentPromise(other, 'POST /recipes/{recipeId}/cooklogs', 201), []),
    ).toEqual([]);
  });

  it('awaits a call sent straight away as the body (ESM), and one passed to res.send (CommonJS)', async () => {
    const inline = handlers
      .replace('  const log = logs.record(req.params.recipeId, req.body);\n', '')
      .replace('res.status(201).json(log);', 'res.status(201).json(logs.record(req.params.recipeId, req.body));');
    const found = await allCandidates(
      nodePendingResponse,
      sentPromise({ ...esm, 'src/handlers/logs.js': inline }, 'POST /recipes/{recipeId}/cooklogs', 201),
      ['src/handlers/logs.js'],
    );
    expect(found[0]!.files['src/handlers/logs.js']).toBe(
      inline.replace('json(logs.record(', 'json(await logs.record('),
    );
    const routes =
      "const router = require('express').Router();\nconst shelf = require('./shelf');\n" +
      "router.get('/:id', async (req, res) => {\n  res.send(shelf.lookup(Number(req.params.id)));\n});\n" +
      'module.exports = router;\n';
    const files = {
      'src/app.js':
        "const express = require('express');\nconst app = express();\n" +
        "app.use('/shelves', require('./routes'));\nmodule.exports = app;\n",
      'src/routes.js': routes,
      'src/shelf.js': 'async function lookup(id) {\n  return { id };\n}\nmodule.exports = { lookup };\n',
    };
    const sent = await allCandidates(nodePendingResponse, sentPromise(files, 'GET /shelves/{id}', 200), [
      'src/routes.js',
    ]);
    expect(sent[0]!.files['src/routes.js']).toBe(routes.replace('send(shelf.lookup(', 'send(await shelf.lookup('));
  });

  it('leaves a call sent straight away that is no async function of the project', async () => {
    const inline = handlers
      .replace('  const log = logs.record(req.params.recipeId, req.body);\n', '')
      .replace('res.status(201).json(log);', 'res.status(201).json(logs.summary(req.params.recipeId));');
    const files = {
      ...esm,
      'src/handlers/logs.js': inline,
      'src/services/logs.js': esm['src/services/logs.js'] + 'export function summary(id) {\n  return {};\n}\n',
    };
    expect(
      await allCandidates(nodePendingResponse, sentPromise(files, 'POST /recipes/{recipeId}/cooklogs', 201), []),
    ).toEqual([]);
  });
});
