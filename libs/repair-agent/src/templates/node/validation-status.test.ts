import { describe, expect, it } from 'vitest';
import { nodeValidationStatus } from './validation-status.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const app = "const express = require('express');\nconst app = express();\napp.use(express.json());\napp.use('/tasks', require('./routes/tasks'));\n";
const validator = "function validateTask(body) {\n  if (!body.title) throw new Error('title is required');\n  if (body.title.length > 80) throw new Error('title is too long');\n}\nmodule.exports = { validateTask };\n";
const routes =
  "const router = require('express').Router();\nconst { validateTask } = require('../validate');\nrouter.get('/:id', (req, res) => res.status(404).json({ message: 'Task not found' }));\nrouter.post('/', (req, res) => {\n  validateTask(req.body);\n  res.status(201).json(req.body);\n});\nmodule.exports = router;\n";
const log = nodeLog('Error: title is required', ['validateTask (/app/src/validate.js:2:31)', '/app/src/routes/tasks.js:5:3']);

describe('node.validation-status', () => {
  it("refuses at the handler with the app's own error key when the app has no validation error class", async () => {
    const { context } = templateContext({ 'src/app.js': app, 'src/routes/tasks.js': routes, 'src/validate.js': validator }, { kind: 'runtime_error', endpoint: 'POST /tasks', log, expected: 400, responses: ['201', '400'] });
    const found = await allCandidates(nodeValidationStatus, context, ['src/routes/tasks.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.validation-status#handler']);
    expect(found[0]!.files['src/routes/tasks.js']).toBe(
      routes.replace('  validateTask(req.body);\n', "  try {\n    validateTask(req.body);\n  } catch (err) {\n    return res.status(400).json({ message: err.message });\n  }\n"),
    );
  });

  it("throws the app's own ValidationError at the rule, imported (ESM), before the handler-level refusal", async () => {
    const esmValidator = "export function validateTask(body) {\n  if (!body.title) throw new Error('title is required');\n}\n";
    const esmRoutes = "import { Router } from 'express';\nimport { validateTask } from '../validate.js';\nexport const router = Router();\nrouter.post('/', (req, res) => {\n  validateTask(req.body);\n  res.status(201).json(req.body);\n});\n";
    const errors = 'export class ValidationError extends Error {\n  constructor(message) {\n    super(message);\n    this.status = 422;\n  }\n}\n';
    const { context } = templateContext(
      { 'src/app.mjs': "import express from 'express';\nimport { router } from './routes/tasks.js';\nconst app = express();\napp.use('/tasks', router);\n", 'src/routes/tasks.js': esmRoutes, 'src/validate.js': esmValidator, 'src/errors.js': errors },
      { kind: 'runtime_error', endpoint: 'POST /tasks', log, expected: 422, responses: ['201', '422'] },
    );
    const found = await allCandidates(nodeValidationStatus, context, ['src/validate.js', 'src/routes/tasks.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.validation-status#class', 'node.validation-status#handler']);
    expect(found[0]!.files['src/validate.js']).toBe("import { ValidationError } from './errors.js';\nexport function validateTask(body) {\n  if (!body.title) throw new ValidationError('title is required');\n}\n");
    expect(found[1]!.files['src/routes/tasks.js']).toContain('return res.status(422).json({ error: err.message });');
  });

  it('does nothing when the operation documents no 400/422, or the throw is not a plain Error', async () => {
    const undocumented = templateContext({ 'src/app.js': app, 'src/routes/tasks.js': routes, 'src/validate.js': validator }, { kind: 'runtime_error', endpoint: 'POST /tasks', log, responses: ['201'] });
    expect(await allCandidates(nodeValidationStatus, undocumented.context, [])).toEqual([]);
    const other = validator.replace("throw new Error('title is required')", "throw new TypeError('title is required')");
    const typed = templateContext({ 'src/app.js': app, 'src/routes/tasks.js': routes, 'src/validate.js': other }, { kind: 'runtime_error', endpoint: 'POST /tasks', log, responses: ['201', '400'] });
    expect(await allCandidates(nodeValidationStatus, typed.context, [])).toEqual([]);
  });
});
