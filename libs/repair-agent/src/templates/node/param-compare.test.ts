import type { ApiModel, ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeParamCompare } from './param-compare.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const operationOf = (endpoint: string, param: string, type: string): ApiOperation => {
  const [method, path] = endpoint.split(' ') as [string, string];
  return {
    method,
    path,
    endpoint,
    parameters: [{ name: param, in: 'path', required: true, schema: { type } }],
    responses: [
      { status: '200', mediaTypes: ['application/json'] },
      { status: '404', mediaTypes: ['application/json'] },
    ],
  };
};
const contextFor = (files: Record<string, string>, endpoint: string, param: string, type: string) => {
  const { context } = templateContext(files, { kind: 'route_missing', endpoint, actual: 404 });
  const operation = operationOf(endpoint, param, type);
  const contract: ApiModel = { openapi: '3.0.3', title: 't', operations: [operation] };
  return { ...context, operation, contract };
};

const handlers =
  "import * as service from '../services/recipes.js';\n\n" +
  'export const updateRecipe = async (req, res) => {\n  const all = await service.listRecipes();\n' +
  '  const existing = all.find((r) => r.id === req.params.recipeId);\n' +
  "  if (!existing) return res.status(404).json({ error: 'Recipe not found' });\n" +
  '  res.json(await service.updateRecipe(existing.id, req.body));\n};\n';
const esm = {
  'src/app.js':
    "import express from 'express';\nimport recipes from './routes/recipes.js';\nconst app = express();\n" +
    "app.use('/api/recipes', recipes);\nexport default app;\n",
  'src/routes/recipes.js':
    "import express from 'express';\nimport * as handlers from '../handlers/recipes.js';\n" +
    "const router = express.Router();\nrouter.put('/:recipeId', handlers.updateRecipe);\n" +
    'export default router;\n',
  'src/handlers/recipes.js': handlers,
  'src/services/recipes.js':
    'export async function listRecipes() { return []; }\nexport async function updateRecipe() { return {}; }\n',
};

describe('node.param-compare', () => {
  it('compares the number in a handler referenced from its routes module (ESM)', async () => {
    const context = contextFor(esm, 'PUT /api/recipes/{recipeId}', 'recipeId', 'integer');
    const found = await allCandidates(nodeParamCompare, context, ['src/handlers/recipes.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.param-compare']);
    expect(found[0]!.files['src/handlers/recipes.js']).toBe(
      handlers.replace('r.id === req.params.recipeId', 'r.id === Number(req.params.recipeId)'),
    );
  });

  it(`compares the number in an inline CommonJS handler whose route names the parameter differently from the \
contract`, async () => {
    const routes =
      "const router = require('express').Router();\nconst store = require('../store');\n" +
      "router.get('/:id', (req, res) => {\n" +
      '  const task = store.tasks.find((t) => req.params.id === t.id);\n' +
      "  if (!task) return res.status(404).json({ error: 'not found' });\n  res.json(task);\n});\n" +
      'module.exports = router;\n';
    const files = {
      'src/app.js':
        "const express = require('express');\nconst app = express();\n" +
        "app.use('/tasks', require('./routes/tasks'));\nmodule.exports = app;\n",
      'src/routes/tasks.js': routes,
      'src/store.js': 'exports.tasks = [];\n',
    };
    const found = await allCandidates(nodeParamCompare, contextFor(files, 'GET /tasks/{taskId}', 'taskId', 'integer'), [
      'src/routes/tasks.js',
    ]);
    expect(found[0]!.files['src/routes/tasks.js']).toBe(
      routes.replace('req.params.id === t.id', 'Number(req.params.id) === t.id'),
    );
  });

  it('leaves a parameter the contract documents as a string', async () => {
    expect(
      await allCandidates(nodeParamCompare, contextFor(esm, 'PUT /api/recipes/{recipeId}', 'recipeId', 'string'), []),
    ).toEqual([]);
  });
});
