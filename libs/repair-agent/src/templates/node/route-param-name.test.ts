import { describe, expect, it } from 'vitest';
import { nodeRouteParamName } from './route-param-name.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const app = (mount: string) => `const express = require('express');\nconst app = express();\napp.use('/projects', require('./routes/${mount}'));\n`;

describe('node.route-param-name', () => {
  it('reads the declared :projectId instead of req.params.id (inline handler)', async () => {
    const routes =
      "const router = require('express').Router();\nconst repo = require('../repo');\nrouter.get('/:projectId/summary', async (req, res) => {\n  const project = await repo.findById(req.params.id);\n  res.json({ name: project.name });\n});\nmodule.exports = router;\n";
    const { context } = templateContext(
      { 'src/app.js': app('projects'), 'src/routes/projects.js': routes, 'src/repo.js': 'exports.findById = async (id) => null;\n' },
      { kind: 'crash', endpoint: 'GET /projects/{projectId}/summary', log: nodeLog("TypeError: Cannot read properties of null (reading 'name')", ['/app/src/routes/projects.js:5:29']), actual: null },
    );
    const found = await allCandidates(nodeRouteParamName, context, ['src/routes/projects.js']);
    expect(found.map((f) => f.candidate.summary)).toEqual(['read req.params.projectId instead of id (src/routes/projects.js:3)']);
    expect(found[0]!.files['src/routes/projects.js']).toBe(routes.replace('req.params.id', 'req.params.projectId'));
  });

  it('renames a destructured read, keeping its local name, in a controller the route references', async () => {
    const routes = "const router = require('express').Router();\nconst tasks = require('../controllers/tasks');\nrouter.get('/:projectId/tasks/:taskId', tasks.show);\nmodule.exports = router;\n";
    const controller = "const store = require('../store');\nexports.show = (req, res) => {\n  const { projectId, id } = req.params;\n  const task = store.task(projectId, id);\n  res.json({ title: task.title });\n};\n";
    const { context } = templateContext(
      { 'src/app.js': app('projects'), 'src/routes/projects.js': routes, 'src/controllers/tasks.js': controller, 'src/store.js': 'exports.task = () => undefined;\n' },
      { kind: 'runtime_error', endpoint: 'GET /projects/{projectId}/tasks/{taskId}', log: nodeLog("TypeError: Cannot read properties of undefined (reading 'title')", ['exports.show (/app/src/controllers/tasks.js:5:30)']) },
    );
    const found = await allCandidates(nodeRouteParamName, context, ['src/controllers/tasks.js']);
    expect(found[0]!.files['src/controllers/tasks.js']).toBe(controller.replace('{ projectId, id }', '{ projectId, taskId: id }'));
  });

  it('takes a mounted route that answers 404 (its own not-found for the id it did not read)', async () => {
    const routes =
      "import { Router } from 'express';\nimport * as repo from '../repo.js';\nconst router = Router();\nrouter.get('/:projectId', async (req, res) => {\n  const project = await repo.findById(Number(req.params.id));\n  if (!project) return res.status(404).json({ error: 'Project not found' });\n  res.json(project);\n});\nexport default router;\n";
    const { context } = templateContext(
      { 'src/app.js': "import express from 'express';\nimport projects from './routes/projects.js';\nconst app = express();\napp.use('/projects', projects);\n", 'src/routes/projects.js': routes, 'src/repo.js': 'export async function findById(id) { return null; }\n' },
      { kind: 'route_missing', endpoint: 'GET /projects/{projectId}', expected: 200, actual: 404 },
    );
    const found = await allCandidates(nodeRouteParamName, context, ['src/routes/projects.js']);
    expect(found[0]!.files['src/routes/projects.js']).toBe(routes.replace('req.params.id', 'req.params.projectId'));
  });

  it('leaves a handler that reads only declared parameters', async () => {
    const routes =
      "const router = require('express').Router();\nconst repo = require('../repo');\nrouter.get('/:id/summary', async (req, res) => {\n  const project = await repo.findById(req.params.id);\n  res.json({ name: project.name });\n});\nmodule.exports = router;\n";
    const { context } = templateContext(
      { 'src/app.js': app('projects'), 'src/routes/projects.js': routes, 'src/repo.js': 'exports.findById = async (id) => null;\n' },
      { kind: 'runtime_error', endpoint: 'GET /projects/{id}/summary', log: nodeLog("TypeError: Cannot read properties of null (reading 'name')", ['/app/src/routes/projects.js:5:29']) },
    );
    expect(await allCandidates(nodeRouteParamName, context, [])).toEqual([]);
  });
});
