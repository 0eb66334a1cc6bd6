import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { allCandidates, templateContext, withRequestBody } from './test-support/template-context.js';
import { nodeValidatorSource } from './validator-source.js';

const app =
  "const express = require('express');\nconst rooms = require('./routes/rooms');\n\n" +
  "const app = express();\napp.use(express.json());\napp.use('/rooms', rooms);\nmodule.exports = app;\n";
const check =
  "function check(schema, part = 'body') {\n  return (req, res, next) => {\n" +
  '    const problems = schema(req[part] || {});\n' +
  '    if (problems.length > 0) return res.status(400).json({ problems });\n    next();\n  };\n}\n' +
  'module.exports = check;\n';
const routes = (part: string) =>
  "const express = require('express');\nconst check = require('../check');\nconst rules = require('../rules');\n\n" +
  'const router = express.Router();\n' +
  "router.get('/', check(rules.listQuery, 'query'), (req, res) => res.json([]));\n" +
  `router.post('/', check(rules.newRoom, ${part}), (req, res) => res.status(201).json(req.body));\n` +
  'module.exports = router;\n';

async function run(part: string, query = false) {
  const file = 'src/routes/rooms.js';
  const { context } = templateContext(
    { 'src/app.js': app, 'src/check.js': check, [file]: routes(part) },
    { kind: 'status_mismatch', endpoint: 'POST /rooms', expected: 201, actual: 400 },
  );
  let operation: ApiOperation = withRequestBody(context.operation!, { name: { type: 'string' } }, ['name']);
  if (query) operation = { ...operation, parameters: [{ name: 'dryRun', in: 'query', required: false, schema: {} }] };
  const found = await allCandidates(nodeValidatorSource, { ...context, operation }, [file]);
  return found.map((f) => f.files[file]);
}

describe('node.validator-source', () => {
  it('has the body validated where the route told its validator to read the query', async () => {
    expect(await run("'query'")).toEqual([routes("'body'")]);
  });

  it('leaves a route whose validator already reads the body', async () => {
    expect(await run("'body'")).toEqual([]);
  });

  it('leaves an operation that documents query parameters: the query may be meant', async () => {
    expect(await run("'query'", true)).toEqual([]);
  });
});
