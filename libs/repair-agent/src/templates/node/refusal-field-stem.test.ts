import { describe, expect, it } from 'vitest';
import { nodeRequestFieldName } from './request-field-name.js';
import { allCandidates, templateContext, withRequestBody } from './test-support/template-context.js';

// node.request-field-name on a valid request refused because its validator reads a plural of the
// documented field's first word (refusal-field-stem.ts).
const app =
  "const express = require('express');\nconst app = express();\napp.use(express.json());\n" +
  "app.use('/harrows', require('./routes/harrows'));\nmodule.exports = app;\n";
const routes =
  "const router = require('express').Router();\nconst c = require('../controllers/harrows');\n" +
  "router.post('/', c.create);\nmodule.exports = router;\n";
const controller =
  "const { validateHarrow } = require('../validators/harrow');\n" +
  'function create(req, res) {\n  validateHarrow(req.body);\n  res.status(201).json(req.body);\n}\n' +
  'module.exports = { create };\n';
const validator = (read: string) =>
  "const { ValidationError } = require('../errors');\nfunction validateHarrow(body) {\n" +
  "  if (typeof body.frame !== 'string') throw new ValidationError('frame must be a string');\n" +
  `  if (!Number.isInteger(${read}) || ${read} < 4 || ${read} > 60) {\n` +
  "    throw new ValidationError('spikeCount must be an integer between 4 and 60');\n  }\n}\n" +
  'module.exports = { validateHarrow };\n';
const VALIDATOR = 'src/validators/harrow.js';
const tree = (read: string) => ({
  'src/app.js': app,
  'src/routes/harrows.js': routes,
  'src/controllers/harrows.js': controller,
  [VALIDATOR]: validator(read),
});
const props = { frame: { type: 'string' }, spikeCount: { type: 'integer' }, boxCount: { type: 'integer' } };
const refused = (files: Record<string, string>, body: string) => {
  const { context } = templateContext(files, {
    kind: 'status_mismatch',
    endpoint: 'POST /harrows',
    expected: 201,
    actual: 400,
    body,
  });
  const operation = withRequestBody(context.operation!, props, ['frame', 'spikeCount']);
  return allCandidates(nodeRequestFieldName, { ...context, operation }, Object.keys(files));
};
const message = '{"error":"spikeCount must be an integer between 4 and 60"}';

describe('node.request-field-name: a plural read of the field a refusal names', () => {
  it('reads the documented field at every read of the plural in the validator the handler calls', async () => {
    const found = await refused(tree('body.spikes'), message);
    expect(found.map((f) => f.candidate.key)).toEqual([`node.request-field-name@${VALIDATOR}:4`]);
    expect(found[0]!.files[VALIDATOR]).toBe(validator('body.spikeCount'));
  });

  it('folds an -es plural too (boxes → boxCount)', async () => {
    const files = tree('body.boxes');
    files[VALIDATOR] = files[VALIDATOR]!.replace('spikeCount must', 'boxCount must');
    const found = await refused(files, message.replace('spikeCount', 'boxCount'));
    expect(found[0]!.files[VALIDATOR]).toBe(validator('body.boxCount').replace('spikeCount must', 'boxCount must'));
  });

  it('near miss: a refusal naming no such field, or a plural of no word of it', async () => {
    expect(await refused(tree('body.spikes'), '{"error":"frame must be a string"}')).toEqual([]);
    expect(await refused(tree('body.teeth'), message)).toEqual([]);
  });
});
