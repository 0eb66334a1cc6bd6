import { describe, expect, it } from 'vitest';
import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { nodeQueryNumberRead } from './query-number-read.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const app =
  "const express = require('express');\nconst app = express();\n" +
  "app.use('/lots', require('./routes/lots'));\nmodule.exports = app;\n";
const routes =
  "const router = require('express').Router();\nconst c = require('../controllers/lots');\n" +
  "router.get('/', c.list);\nmodule.exports = router;\n";
const controller =
  "const service = require('../services/lots');\n" +
  'async function list(req, res) {\n  const offset = req.query.offset ?? 0;\n' +
  '  const limit = req.query.limit || 10;\n  const grade = req.query.grade;\n' +
  "  if (!(limit >= 1)) throw new Error('limit must be >= 1');\n" +
  '  res.json(await service.list({ offset, limit, grade }));\n}\nmodule.exports = { list };\n';
const param = (name: string, type: string) => ({ name, in: 'query' as const, required: false, schema: { type } });
const MISMATCH = 'body does not match the HTTP 200 schema: /offset must be integer; /limit must be integer';

function candidates(files: Record<string, string>, message = MISMATCH, types = ['integer', 'integer']) {
  const { context } = templateContext(files, { kind: 'schema_mismatch', endpoint: 'GET /lots', expected: 200 });
  Object.assign(context.cause.violations[0]!, { message, actualStatus: 200 });
  const operation: ApiOperation = {
    ...context.operation!,
    parameters: [param('offset', types[0]!), param('limit', types[1]!), param('grade', 'string')],
  };
  return allCandidates(nodeQueryNumberRead, { ...context, operation }, Object.keys(files));
}
const tree = (c: string) => ({ 'src/app.js': app, 'src/routes/lots.js': routes, 'src/controllers/lots.js': c });

describe('node.query-number-read', () => {
  it('converts the numeric query parameters the handler reads with a ?? or || default', async () => {
    const found = await candidates(tree(controller));
    expect(found.map((f) => f.candidate.key)).toEqual(['node.query-number-read@src/controllers/lots.js:3']);
    expect(found[0]!.files['src/controllers/lots.js']).toBe(
      controller
        .replace('req.query.offset ?? 0', 'Number(req.query.offset ?? 0)')
        .replace('req.query.limit || 10', 'Number(req.query.limit || 10)'),
    );
  });

  it('converts a bare read in an inline TypeScript handler, only the field the violation names', async () => {
    const handler =
      'import { Router } from "express";\nexport const router = Router();\n' +
      'router.get("/", (request, res) => {\n  const limit = request.query.limit;\n' +
      '  const offset = request.query.offset ?? 0;\n  res.json({ limit, offset, items: [] });\n});\n';
    const ts = {
      'src/app.ts':
        'import express from "express";\nimport { router } from "./routes/lots.js";\n' +
        'export const app = express();\napp.use("/lots", router);\n',
      'src/routes/lots.ts': handler,
    };
    const found = await candidates(ts, 'body does not match the HTTP 200 schema: /limit must be number');
    expect(found.map((f) => f.files['src/routes/lots.ts'])).toEqual([
      handler.replace('= request.query.limit;', '= Number(request.query.limit);'),
    ]);
  });

  it('near miss: a read already converted, a parameter documented as a string, no number mismatch', async () => {
    const converted = controller
      .replace('req.query.offset ?? 0', 'Number(req.query.offset ?? 0)')
      .replace('req.query.limit || 10', 'parseInt(req.query.limit || 10, 10)');
    expect(await candidates(tree(converted))).toEqual([]);
    expect(await candidates(tree(controller), MISMATCH, ['string', 'string'])).toEqual([]);
    expect(
      await candidates(tree(controller), 'body does not match the HTTP 200 schema: /grade must be string'),
    ).toEqual([]);
  });
});
