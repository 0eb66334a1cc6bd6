import { describe, expect, it } from 'vitest';
import { nodeExpressRouteOrder } from './express-route-order.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const app =
  "const express = require('express');\nconst bikes = require('./routes/bikes');\nconst app = express();\n" +
  "app.use('/bikes', bikes);\nmodule.exports = app;\n";
const routes = (...lines: string[]) =>
  [
    "const { Router } = require('express');",
    "const c = require('../controllers/bikes');",
    'const router = Router();',
    ...lines,
    'module.exports = router;',
    '',
  ].join('\n');
const list = "router.get('/', c.list);";
const byId = "router.get('/:id', c.getById);";
const overdue = "router.get('/overdue', c.overdue);";

async function repaired(files: Record<string, string>, endpoint = 'GET /bikes/overdue', actual = 400) {
  const { context } = templateContext(
    {
      'src/app.js': app,
      'src/controllers/bikes.js': 'exports.list = exports.getById = exports.overdue = (req, res) => res.json([]);\n',
      ...files,
    },
    { kind: 'status_mismatch', endpoint, expected: 200, actual },
  );
  return (await allCandidates(nodeExpressRouteOrder, context, ['src/routes/bikes.js'])).map(
    (f) => f.files['src/routes/bikes.js'],
  );
}

describe('node.express-route-order', () => {
  it('registers a static route above the parametrised route of its router that matched it first', async () => {
    expect(
      await repaired({ 'src/routes/bikes.js': routes(list, byId, "router.get('/:id/history', c.getById);", overdue) }),
    ).toEqual([routes(list, overdue, byId, "router.get('/:id/history', c.getById);")]);
  });

  it('does the same behind a wrapper, for a nested static path and an all() shadow', async () => {
    const shadow = "router.all('/:id/parts', asyncHandler(c.getById));";
    const parts = "router.get('/due/parts', asyncHandler(c.overdue));";
    expect(await repaired({ 'src/routes/bikes.js': routes(shadow, parts) }, 'GET /bikes/due/parts', 404)).toEqual([
      routes(parts, shadow),
    ]);
  });

  it('moves a registration whose inline handler spans lines (TypeScript, Express 5 router)', async () => {
    const ts = (...lines: string[]) =>
      ['import { Router } from "express";', 'export const jobsRouter = Router();', '', ...lines, ''].join('\n');
    const byJob = ['jobsRouter.get("/:jobId", (req, res) => {', '  res.json({ id: req.params.jobId });', '});'];
    const late = ['jobsRouter.get("/overdue", (_req, res) => {', '  res.json([]);', '});'];
    const after = ['jobsRouter.patch("/:jobId", (req, res) => {', '  res.json({});', '});'];
    const { context } = templateContext(
      {
        'src/app.ts':
          'import express from "express";\nimport { jobsRouter } from "./routes/jobs.routes.js";\n' +
          'export const app = express();\napp.use("/api/jobs", jobsRouter);\n',
        'src/routes/jobs.routes.ts': ts(...byJob, '', ...late, '', ...after),
      },
      { kind: 'status_mismatch', endpoint: 'GET /api/jobs/overdue', expected: 200, actual: 400 },
    );
    const found = await allCandidates(nodeExpressRouteOrder, context, ['src/routes/jobs.routes.ts']);
    expect(found.map((f) => f.files['src/routes/jobs.routes.ts'])).toEqual([ts(...late, '', ...byJob, '', ...after)]);
  });

  it(`near miss: a static route registered first, another method, or a registration sharing its line is \
left`, async () => {
    expect(await repaired({ 'src/routes/bikes.js': routes(overdue, byId) }, 'GET /bikes/overdue', 500)).toEqual([]);
    expect(await repaired({ 'src/routes/bikes.js': routes("router.post('/:id', c.getById);", overdue) })).toEqual([]);
    expect(await repaired({ 'src/routes/bikes.js': routes(byId, `${overdue} router.get('/x', c.list);`) })).toEqual([]);
  });
});

describe('node.express-route-order across a mount', () => {
  const server =
    "const express = require('express');\nconst api = require('./routes');\nconst app = express();\n" +
    "app.use('/api', api);\nmodule.exports = app;\n";
  const casks = routes("router.get('/', c.list);", "router.get('/:caskId', c.get);");
  const index = (...lines: string[]) =>
    [
      "const { Router } = require('express');",
      "const c = require('../controllers/casks');",
      'const router = Router();',
      ...lines,
      'module.exports = router;',
      '',
    ].join('\n');
  const mount = "router.use('/casks', require('./casks'));";
  const summary = "router.get('/casks/summary', c.summary);";
  const run = async (files: Record<string, string>, endpoint = 'GET /api/casks/summary') => {
    const { context } = templateContext(
      {
        'src/app.js': server,
        'src/controllers/casks.js': 'exports.list = exports.get = exports.summary = (req, res) => res.json([]);\n',
        ...files,
      },
      { kind: 'status_mismatch', endpoint, expected: 200, actual: 404 },
    );
    return (await allCandidates(nodeExpressRouteOrder, context, ['src/routes/index.js'])).map(
      (f) => f.files['src/routes/index.js'],
    );
  };

  it('registers a static route above the mount whose router matches its path first (CommonJS)', async () => {
    const files = { 'src/routes/casks.js': casks, 'src/routes/index.js': index(mount, '', '// Dashboard', summary) };
    expect(await run(files)).toEqual([index('// Dashboard', summary, mount, '')]);
  });

  it('does the same for a router imported by name and an all() shadow', async () => {
    const shadowing = routes("router.all('/:caskId', c.get);");
    const named = index("const casks = require('./casks');", "router.use('/casks', casks);", summary);
    expect(await run({ 'src/routes/casks.js': shadowing, 'src/routes/index.js': named })).toEqual([
      index("const casks = require('./casks');", summary, "router.use('/casks', casks);"),
    ]);
  });

  it('leaves a route whose mounted router has no parametrised route matching it', async () => {
    const plain = routes("router.get('/', c.list);", "router.get('/:caskId/history', c.get);");
    expect(await run({ 'src/routes/casks.js': plain, 'src/routes/index.js': index(mount, summary) })).toEqual([]);
  });
});
