import { describe, expect, it } from 'vitest';
import { nodeSpreadUndefinedUpdate } from './spread-undefined-update.js';
import { allCandidates, templateContext, withRequestBody } from './test-support/template-context.js';

const FILTERED = 'Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined))';
const props = { status: { type: 'string' }, labourHours: { type: 'number' } };

// A 500 with no trace (sql.js throws a string): only the route leads to the code.
async function update(files: Record<string, string>, endpoint: string, required: string[] = []) {
  const { context } = templateContext(files, { kind: 'runtime_error', endpoint, expected: 200 });
  const operation = withRequestBody(context.operation!, props, required);
  return allCandidates(
    nodeSpreadUndefinedUpdate,
    { ...context, operation, contract: { ...context.contract!, operations: [operation] } },
    Object.keys(files),
  );
}

describe('node.spread-undefined-update', () => {
  const app =
    'import express from "express";\nimport { jobsRouter } from "./routes/jobs.routes.js";\n' +
    'export const app = express();\napp.use(express.json());\napp.use("/api/jobs", jobsRouter);\n';
  const routes =
    'import { Router } from "express";\nimport { updateJob } from "../services/jobs.service.js";\n' +
    'export const jobsRouter = Router();\njobsRouter.patch("/:jobId", (req, res) => {\n' +
    '  const body = req.body ?? {};\n  const status = body.status;\n  const labourHours = body.labourHours;\n' +
    '  res.json(updateJob(Number(req.params.jobId), { status, labourHours }));\n});\n';
  const service = (merged: string) =>
    'import { one, run } from "../db/database.js";\n' +
    'export function updateJob(id: number, changes: { status?: string; labourHours?: number }) {\n' +
    '  const job = one("SELECT * FROM jobs WHERE id = ?", [id])!;\n' +
    `  const next = { ...job, ...${merged} };\n` +
    '  run("UPDATE jobs SET status = ?, labour_hours = ? WHERE id = ?", [next.status, next.labourHours, id]);\n' +
    '  return next;\n}\n';
  const files = {
    'src/app.ts': app,
    'src/routes/jobs.routes.ts': routes,
    'src/services/jobs.service.ts': service('changes'),
  };

  it('spreads only the set fields of the optional request fields the handler hands on (TypeScript)', async () => {
    const found = await update(files, 'PATCH /api/jobs/{jobId}');
    expect(found.map((f) => f.files['src/services/jobs.service.ts'])).toEqual([service(FILTERED)]);
  });

  it('does the same for a controller method handing a literal to a service object (CommonJS, PUT)', async () => {
    const cjsApp =
      "const express = require('express');\nconst app = express();\napp.use(express.json());\n" +
      "app.use('/jobs', require('./routes/jobs'));\nmodule.exports = app;\n";
    const cjsRoutes =
      "const router = require('express').Router();\nconst c = require('../controllers/jobs');\n" +
      "router.put('/:id', c.update);\nmodule.exports = router;\n";
    const controller =
      "const jobs = require('../services/jobs');\nasync function update(req, res) {\n" +
      '  const { status, labourHours } = req.body;\n' +
      '  res.json(jobs.update(Number(req.params.id), { status, labourHours }));\n}\nmodule.exports = { update };\n';
    const cjsService = (merged: string) =>
      "const store = require('../store');\nfunction update(id, changes) {\n" +
      `  const job = store.get(id);\n  const next = { ...job, ...${merged}, updatedAt: Date.now() };\n` +
      '  store.save(next);\n  return next;\n}\nmodule.exports = { update };\n';
    const tree = {
      'src/app.js': cjsApp,
      'src/routes/jobs.js': cjsRoutes,
      'src/controllers/jobs.js': controller,
      'src/services/jobs.js': cjsService('changes'),
    };
    const found = await update(tree, 'PUT /jobs/{id}');
    expect(found.map((f) => f.files['src/services/jobs.js'])).toEqual([cjsService(FILTERED)]);
  });

  it('near miss: fields the body requires, or the changes spread first, get no candidate', async () => {
    expect(await update(files, 'PATCH /api/jobs/{jobId}', ['status', 'labourHours'])).toEqual([]);
    const first = {
      ...files,
      'src/services/jobs.service.ts': service('changes').replace('...job, ...changes', '...changes'),
    };
    expect(await update(first, 'PATCH /api/jobs/{jobId}')).toEqual([]);
  });
});
