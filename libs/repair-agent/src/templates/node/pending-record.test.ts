import { describe, expect, it } from 'vitest';
import type { TemplateContext } from '../template.js';
import { nodePendingRecord } from './pending-record.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

// A 2xx whose body breaks the schema (`stock` null: NaN sent as JSON).
function badBody(files: Record<string, string>, endpoint: string, body: string): TemplateContext {
  const { context } = templateContext(files, {
    kind: 'schema_mismatch',
    endpoint,
    expected: 200,
    actual: 200,
    message: 'body does not match the HTTP 200 schema: /stock must be integer',
  });
  return {
    ...context,
    cause: { ...context.cause, violations: context.cause.violations.map((v) => ({ ...v, responseExcerpt: body })) },
  };
}

const app = (router: string) =>
  "const express = require('express');\nconst app = express();\n" +
  `app.use('/woods', require('./routes/woods'));\nmodule.exports = app;\n${router}`;
const routes =
  "const { Router } = require('express');\nconst controller = require('../controllers/woods');\n" +
  "const router = Router();\nrouter.patch('/:id', controller.adjust);\nmodule.exports = router;\n";
const controller =
  "const service = require('../services/woods');\n" +
  'async function adjust(req, res) {\n  res.json(await service.adjustStock(Number(req.params.id), req.body));\n}\n' +
  'module.exports = { adjust };\n';
const service = (adjust: string) =>
  "const repo = require('../repositories/woods');\n" +
  'class WoodService {\n  async getWood(id) {\n    const wood = await repo.findById(id);\n' +
  "    if (!wood) throw new Error('not found');\n    return wood;\n  }\n\n" +
  `  async adjustStock(id, { change }) {\n${adjust}  }\n}\nmodule.exports = new WoodService();\n`;
const repo =
  'async function findById(id) {\n  return { id, stock: 3 };\n}\n' +
  'async function update(id, d) {\n  return { id, ...d };\n}\n' +
  'module.exports = { findById, update };\n';

const files = (adjust: string) => ({
  'src/app.js': app(''),
  'src/routes/woods.js': routes,
  'src/controllers/woods.js': controller,
  'src/services/woods.js': service(adjust),
  'src/repositories/woods.js': repo,
});

describe('node.pending-record', () => {
  it('awaits a method lookup two calls below the handler whose Promise is read as a record', async () => {
    const adjust = '    const wood = this.getWood(id);\n    return repo.update(id, { stock: wood.stock + change });\n';
    const found = await allCandidates(
      nodePendingRecord,
      badBody(files(adjust), 'PATCH /woods/{id}', '{"id":1,"stock":null}'),
      ['src/services/woods.js'],
    );
    expect(found.map((f) => f.candidate.key)).toEqual(['node.pending-record@src/services/woods.js:10']);
    expect(found[0]!.files['src/services/woods.js']).toBe(
      service(adjust.replace('this.getWood', 'await this.getWood')),
    );
  });

  it('awaits a module function read through optional chaining in the handler itself', async () => {
    const handler =
      "const repo = require('../repositories/woods');\n" +
      'async function adjust(req, res) {\n  const wood = repo.findById(Number(req.params.id));\n' +
      '  res.json({ id: wood?.id, stock: wood?.stock });\n}\nmodule.exports = { adjust };\n';
    const found = await allCandidates(
      nodePendingRecord,
      badBody({ ...files(''), 'src/controllers/woods.js': handler }, 'PATCH /woods/{id}', '{"stock":null}'),
      ['src/controllers/woods.js'],
    );
    expect(found[0]!.files['src/controllers/woods.js']).toBe(handler.replace('repo.findById', 'await repo.findById'));
  });

  it('leaves a Promise read with then, one inside a callback, and a body of {}', async () => {
    const chained =
      '    const wood = this.getWood(id);\n' +
      '    return wood.then((w) => repo.update(id, { stock: w.stock + change }));\n';
    expect(
      await allCandidates(nodePendingRecord, badBody(files(chained), 'PATCH /woods/{id}', '{"stock":null}'), []),
    ).toEqual([]);
    const nested =
      '    return [id].map((i) => {\n      const wood = this.getWood(i);\n      return wood.stock;\n    });\n';
    expect(
      await allCandidates(nodePendingRecord, badBody(files(nested), 'PATCH /woods/{id}', '{"stock":null}'), []),
    ).toEqual([]);
    const read = '    const wood = this.getWood(id);\n    return repo.update(id, { stock: wood.stock + change });\n';
    expect(await allCandidates(nodePendingRecord, badBody(files(read), 'PATCH /woods/{id}', '{}'), [])).toEqual([]);
  });
});
