import { describe, expect, it } from 'vitest';
import { applyToCause } from './test-support/apply-to-cause.js';
import { nodeStatusCode } from './status-code.js';

const app = (routes: string) =>
  `const express = require('express');\nconst app = express();\napp.use(express.json());\n` +
  `app.use('/projects', require('${routes}'));\nmodule.exports = app;\n`;

async function repair(files: Record<string, string>, endpoint = 'POST /projects') {
  const cause = {
    kind: 'status_mismatch',
    endpoints: [endpoint],
    violations: [{ endpoint, expectedStatus: 201, actualStatus: 200 }],
  };
  return applyToCause(nodeStatusCode, files, cause);
}

// A router whose POST handler sends as `create` says, and what node.status-code makes of it.
const routes = (create: string) =>
  `const { Router } = require('express');\nconst router = Router();\n` +
  `router.get('/', (req, res) => res.json([]));\nrouter.post('/', async (req, res) => {\n` +
  `  const project = { id: 1, ...req.body };\n${create}\n});\nmodule.exports = router;\n`;
const repaired = async (create: string) =>
  (await repair({ 'src/app.js': app('./routes/projects'), 'src/routes/projects.js': routes(create) })).tree.read(
    'src/routes/projects.js',
  );

const controller =
  "const service = require('../services/projects');\n\nexports.create = async (req, res) => {\n" +
  '  const project = await service.create(req.body);\n  res.json(project);\n};\n\n' +
  'exports.list = async (req, res) => {\n  res.json(await service.list());\n};\n';

describe('node.status-code follows the route to a handler in a controller module', () => {
  it('asyncHandler(controller.create) with a whole-module require', async () => {
    const { outcome, tree } = await repair({
      'src/app.js': app('./routes/projects'),
      'src/routes/projects.js':
        "const { Router } = require('express');\nconst asyncHandler = require('../utils/async-handler');\n" +
        "const controller = require('../controllers/projects');\nconst router = Router();\n" +
        "router.get('/', asyncHandler(controller.list));\n" +
        "router.post('/', asyncHandler(controller.create));\nmodule.exports = router;\n",
      'src/utils/async-handler.js':
        'module.exports = (fn) => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next);\n',
      'src/controllers/projects.js': controller,
      'src/services/projects.js': 'exports.create = async (p) => p;\nexports.list = async () => [];\n',
    });
    expect(outcome?.summary).toBe('send 201 from the handler of POST /projects in src/controllers/projects.js');
    expect(await tree.read('src/controllers/projects.js')).toBe(
      controller.replace('  res.json(project);', '  res.status(201).json(project);'),
    );
  });

  it('a handler wrapped where it is exported (exports.create = catchAsync(async (req, res) => …))', async () => {
    const wrapped =
      "const catchAsync = require('../utils/catch-async');\n\n" +
      'exports.create = catchAsync(async (req, res) => {\n  res.json(await Promise.resolve(req.body));\n' +
      '});\n\nexports.names = catchAsync(async (req, res) => {\n' +
      '  res.json([req.body].map((p) => p.name));\n});\n';
    const { tree } = await repair({
      'src/app.js': app('./routes/projects'),
      'src/routes/projects.js':
        "const { Router } = require('express');\nconst projects = require('../controllers/projects');\n" +
        "const router = Router();\nrouter.get('/names', projects.names);\n" +
        "router.post('/', projects.create);\nmodule.exports = router;\n",
      'src/utils/catch-async.js':
        'module.exports = (fn) => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next);\n',
      'src/controllers/projects.js': wrapped,
    });
    expect(await tree.read('src/controllers/projects.js')).toBe(
      wrapped.replace('  res.json(await Promise', '  res.status(201).json(await Promise'),
    );
  });

  it('router.route(…).post(create) with a destructured require', async () => {
    const { tree } = await repair({
      'src/app.js': app('./routes/projects'),
      'src/routes/projects.js':
        "const express = require('express');\n" +
        "const { create, list } = require('../controllers/projects');\nconst router = express.Router();\n" +
        "router.route('/').get(list).post(create);\nmodule.exports = router;\n",
      'src/controllers/projects.js': controller,
    });
    expect(await tree.read('src/controllers/projects.js')).toContain('  res.status(201).json(project);\n');
  });

  it('ctrl.create on an exported class instance, ESM', async () => {
    const { tree } = await repair({
      'src/app.mjs':
        "import express from 'express';\nimport projects from './routes/projects.mjs';\n" +
        "const app = express();\napp.use('/projects', projects);\nexport default app;\n",
      'src/routes/projects.mjs':
        "import { Router } from 'express';\nimport ctrl from '../controllers/projects.mjs';\n" +
        "const router = Router();\nrouter.post('/', ctrl.create.bind(ctrl));\nexport default router;\n",
      'src/controllers/projects.mjs':
        'class ProjectController {\n  async create(req, res) {\n    res.json({ id: 1, ...req.body });\n' +
        '  }\n}\nexport default new ProjectController();\n',
    });
    expect(await tree.read('src/controllers/projects.mjs')).toContain(
      '    res.status(201).json({ id: 1, ...req.body });\n',
    );
  });

  it(`does not touch a handler that already sends the documented status elsewhere (no route for the \
endpoint)`, async () => {
    const { outcome } = await repair(
      {
        'src/app.js': app('./routes/projects'),
        'src/routes/projects.js':
          "const { Router } = require('express');\nconst { create } = require('../controllers/projects');\n" +
          "const router = Router();\nrouter.post('/', create);\nmodule.exports = router;\n",
        'src/controllers/projects.js': controller,
      },
      'POST /projects/{id}/archive',
    );
    expect(outcome).toBeNull();
  });

  it('the status a response helper is handed with res (send(res, 200, Schema, body)), inline ESM handler', async () => {
    const routes =
      "import { Router } from 'express';\nimport { send } from '../lib/respond.js';\n" +
      "import { Project } from '../schemas.js';\nconst router = Router();\n" +
      "router.get('/', async (req, res) => {\n  send(res, 200, Project, []);\n});\n" +
      "router.post('/', async (req, res, next) => {\n  try {\n" +
      '    send(res, 200, Project, { id: 1, ...req.body });\n  } catch (err) {\n    next(err);\n  }\n});\n' +
      'export default router;\n';
    const { tree } = await repair({
      'src/app.mjs':
        "import express from 'express';\nimport projects from './routes/projects.js';\n" +
        "const app = express();\napp.use('/projects', projects);\nexport default app;\n",
      'src/routes/projects.js': routes,
      'src/lib/respond.js':
        'export function send(res, status, schema, data) {\n  return res.status(status).json(schema.parse(data));\n}\n',
    });
    expect(await tree.read('src/routes/projects.js')).toBe(
      routes.replace('send(res, 200, Project, { id: 1', 'send(res, 201, Project, { id: 1'),
    );
  });

  it('the status a CommonJS controller hands its reply helper, and not a helper call with another number', async () => {
    const reply =
      "const { reply } = require('../http');\nexports.create = async (req, res) => {\n" +
      '  reply(res, 200, { id: 2 });\n};\nexports.list = async (req, res) => {\n  reply(res, 204, null);\n' +
      '};\n';
    const files = {
      'src/app.js': app('./routes/projects'),
      'src/routes/projects.js':
        "const { Router } = require('express');\nconst c = require('../controllers/projects');\n" +
        "const router = Router();\nrouter.get('/', c.list);\nrouter.post('/', c.create);\n" +
        'module.exports = router;\n',
      'src/controllers/projects.js': reply,
      'src/http.js': 'exports.reply = (res, status, body) => res.status(status).json(body);\n',
    };
    const { tree } = await repair(files);
    expect(await tree.read('src/controllers/projects.js')).toBe(reply.replace('reply(res, 200,', 'reply(res, 201,'));
    const { outcome } = await repair({
      ...files,
      'src/controllers/projects.js': reply.replace('reply(res, 200,', 'reply(res, 202,'),
    });
    expect(outcome).toBeNull();
  });

  it(`a status set after sending (res.json(x).status(201), also over lines) is moved before it; a separate \
res.status() statement is left`, async () => {
    expect(await repaired('  res.json(project).status(201);')).toBe(routes('  res.status(201).json(project);'));
    expect(await repaired('  res\n    .json(project)\n    .status(201);')).toBe(
      routes('  res.status(201)\n    .json(project);'),
    );
    expect(await repaired('  res.json(project);\n  res.status(201);')).toBe(
      routes('  res.status(201).json(project);\n  res.status(201);'),
    );
  });

  it('a send ending a chain on the response (res.location(url).json(x)) gets the status at its start', async () => {
    expect(await repaired('  res.location(`/projects/${project.id}`).json(project);')).toBe(
      routes('  res.status(201).location(`/projects/${project.id}`).json(project);'),
    );
    const chained = "  res.status(200).set('ETag', 'x').json(project);";
    expect(await repaired(chained)).toBe(routes("  res.status(201).set('ETag', 'x').json(project);"));
  });

  it('a documented 204 ends the response instead of sending a body Express would drop', async () => {
    const cause = (endpoint: string) => ({
      kind: 'status_mismatch',
      endpoints: [endpoint],
      violations: [{ endpoint, expectedStatus: 204, actualStatus: 200 }],
    });
    const remove = (send: string) =>
      `const { Router } = require('express');\nconst router = Router();\n` +
      `router.delete('/:id', async (req, res) => {\n  await store.remove(req.params.id);\n${send}\n});\n` +
      `module.exports = router;\n`;
    for (const [before, after] of [
      ['  res.status(200).json({ deleted: true });', '  res.status(204).end();'],
      ['  res.json({ deleted: true });', '  res.status(204).end();'],
    ]) {
      const files = { 'src/app.js': app('./routes/projects'), 'src/routes/projects.js': remove(before!) };
      const { tree } = await applyToCause(nodeStatusCode, files, cause('DELETE /projects/{id}'));
      expect(await tree.read('src/routes/projects.js')).toBe(remove(after!));
    }
  });
});
