import { describe, expect, it } from 'vitest';
import { nodeRouterMergeParams } from './router-merge-params.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const app =
  "const express = require('express');\nconst app = express();\n" +
  "app.use('/projects/:projectId/tasks', require('./routes/tasks'));\n";

describe('node.router-merge-params', () => {
  it('makes a nested router with mergeParams when its handler reads the mount path parameter', async () => {
    const routes =
      "const express = require('express');\nconst store = require('../store');\n" +
      "const router = express.Router();\nrouter.get('/:taskId', (req, res) => {\n" +
      '  const task = store.find(Number(req.params.projectId), Number(req.params.taskId));\n' +
      '  res.json({ title: task.title });\n});\nmodule.exports = router;\n';
    const { context } = templateContext(
      { 'src/app.js': app, 'src/routes/tasks.js': routes, 'src/store.js': 'exports.find = () => undefined;\n' },
      {
        kind: 'runtime_error',
        endpoint: 'GET /projects/{projectId}/tasks/{taskId}',
        log: nodeLog("TypeError: Cannot read properties of undefined (reading 'title')", [
          '/app/src/routes/tasks.js:6:29',
        ]),
      },
    );
    const found = await allCandidates(nodeRouterMergeParams, context, ['src/routes/tasks.js']);
    expect(found[0]!.files['src/routes/tasks.js']).toBe(
      routes.replace('express.Router()', 'express.Router({ mergeParams: true })'),
    );
  });

  it('adds it to existing options, for a route that answers 404 (ESM)', async () => {
    const routes =
      "import { Router } from 'express';\nimport { findTask } from '../store.js';\n" +
      "const tasks = Router({ strict: true });\ntasks.get('/', (req, res) => {\n" +
      '  const { projectId } = req.params;\n' +
      "  if (!projectId) return res.status(404).json({ error: 'Project not found' });\n" +
      '  res.json(findTask(projectId));\n});\nexport default tasks;\n';
    const { context } = templateContext(
      {
        'src/app.js':
          "import express from 'express';\nimport tasks from './routes/tasks.js';\nconst app = express();\n" +
          "app.use('/projects/:projectId/tasks', tasks);\n",
        'src/routes/tasks.js': routes,
        'src/store.js': 'export function findTask() { return []; }\n',
      },
      { kind: 'route_missing', endpoint: 'GET /projects/{projectId}/tasks', expected: 200, actual: 404 },
    );
    const found = await allCandidates(nodeRouterMergeParams, context, ['src/routes/tasks.js']);
    expect(found[0]!.files['src/routes/tasks.js']).toContain(
      'const tasks = Router({ mergeParams: true, strict: true });\n',
    );
  });

  it('leaves a router that already merges params, and one whose handler reads only its own', async () => {
    const merged =
      "const express = require('express');\nconst router = express.Router({ mergeParams: true });\n" +
      "router.get('/:taskId', (req, res) => res.json({ p: req.params.projectId.length }));\n" +
      'module.exports = router;\n';
    const spec = {
      kind: 'runtime_error',
      endpoint: 'GET /projects/{projectId}/tasks/{taskId}',
      log: nodeLog("TypeError: Cannot read properties of undefined (reading 'length')", [
        '/app/src/routes/tasks.js:3:70',
      ]),
    } as const;
    expect(
      await allCandidates(
        nodeRouterMergeParams,
        templateContext({ 'src/app.js': app, 'src/routes/tasks.js': merged }, spec).context,
        [],
      ),
    ).toEqual([]);
    const own =
      "const express = require('express');\nconst router = express.Router();\n" +
      "router.get('/:taskId', (req, res) => res.json({ p: req.params.taskId.length }));\n" +
      'module.exports = router;\n';
    expect(
      await allCandidates(
        nodeRouterMergeParams,
        templateContext({ 'src/app.js': app, 'src/routes/tasks.js': own }, spec).context,
        [],
      ),
    ).toEqual([]);
  });

  // A TypeScript router two mounts deep (app → farms → fields) that reads its parameter through a typed local.
  const farmsApp = {
    'src/app.ts':
      "import express from 'express';\nimport { farmsRouter } from './routes/farms.js';\n" +
      "export const app = express();\napp.use(express.json());\napp.use('/api/farms', farmsRouter);\n",
    'src/routes/farms.ts':
      "import { Router } from 'express';\nimport { fieldsRouter } from './fields.js';\n\n" +
      "export const farmsRouter = Router();\n\nfarmsRouter.use('/:farmId/fields', fieldsRouter);\n",
    'src/services/farm.ts': 'export async function addField(id: number, b: unknown) { return { id, b }; }\n',
  };
  const fields = (read: string) =>
    "import { Router } from 'express';\nimport { addField } from '../services/farm.js';\n\n" +
    "export const fieldsRouter = Router();\n\nfieldsRouter.post('/:slot', async (req, res) => {\n" +
    `${read}\n  res.status(201).json(await addField(id, req.body));\n});\n`;
  const refused = {
    kind: 'status_mismatch',
    endpoint: 'POST /api/farms/{farmId}/fields/{slot}',
    expected: 201,
    actual: 400,
  } as const;
  const run = (routes: string) =>
    allCandidates(
      nodeRouterMergeParams,
      templateContext({ ...farmsApp, 'src/routes/fields.ts': routes }, refused).context,
      ['src/routes/fields.ts'],
    );

  it('sees a read through a local holding req.params, two mounts deep (TypeScript, refused 400)', async () => {
    const cast = fields('  const params = req.params as { farmId?: string };\n  const id = Number(params.farmId);');
    const found = await run(cast);
    expect(found[0]!.files['src/routes/fields.ts']).toBe(
      cast.replace('fieldsRouter = Router()', 'fieldsRouter = Router({ mergeParams: true })'),
    );
    const destructured = fields('  const p = req.params;\n  const { farmId } = p;\n  const id = Number(farmId);');
    expect((await run(destructured)).map((f) => f.candidate.key)).toEqual(['node.router-merge-params']);
  });

  it('leaves a handler that reads only its own parameter through such a local', async () => {
    expect(
      await run(fields('  const params = req.params as { slot?: string };\n  const id = Number(params.slot);')),
    ).toEqual([]);
  });
});
