import type { ApiModel } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeParamArgument } from './param-argument.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const endpoint = 'GET /sales/{id}';
const contextFor = (files: Record<string, string>, type = 'integer') => {
  const { context } = templateContext(files, { kind: 'status_mismatch', endpoint, actual: 404 });
  const contract: ApiModel = {
    openapi: '3.0.3',
    title: 't',
    operations: [
      {
        method: 'GET',
        path: '/sales/{id}',
        endpoint,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type } }],
        responses: [{ status: '200', mediaTypes: ['application/json'] }],
      },
    ],
  };
  return { ...context, contract };
};
const controller = (show: string) =>
  "const service = require('../services/sales');\nconst { parseId } = require('../utils/ids');\n\n" +
  `exports.show = async (req, res) => {\n  const sale = await service.getSale(${show});\n  res.json(sale);\n};\n\n` +
  'exports.remove = async (req, res) => {\n  await service.remove(parseId(req.params.id));\n' +
  '  res.status(204).end();\n};\n';
const files = (show: string) => ({
  'src/app.js':
    "const express = require('express');\nconst app = express();\n" +
    "app.use('/sales', require('./routes/sales'));\nmodule.exports = app;\n",
  'src/routes/sales.js':
    "const { Router } = require('express');\nconst sales = require('../controllers/sales');\n" +
    "const router = Router();\nrouter.get('/:id', sales.show);\nrouter.delete('/:id', sales.remove);\n" +
    'module.exports = router;\n',
  'src/controllers/sales.js': controller(show),
  'src/utils/ids.js': 'exports.parseId = (v) => Number(v);\n',
  'src/services/sales.js':
    'const rows = [{ id: 1 }];\nexports.getSale = async (id) => rows.find((r) => r.id === id);\n',
});
const run = (f: Record<string, string>, type?: string) =>
  allCandidates(nodeParamArgument, contextFor(f, type), ['src/controllers/sales.js']);

describe('node.param-argument', () => {
  it("hands the lookup the parameter through the project's own parser, which the file has", async () => {
    const found = await run(files('req.params.id'));
    expect(found[0]!.files['src/controllers/sales.js']).toBe(controller('parseId(req.params.id)'));
  });

  it("hands the parameter's name too when the project's parser calls do (parseId(req.params.id, 'id'))", async () => {
    const named = files('req.params.id');
    named['src/controllers/sales.js'] = named['src/controllers/sales.js'].replace(
      'parseId(req.params.id)',
      "parseId(req.params.id, 'id')",
    );
    const found = await run(named);
    expect(found[0]!.files['src/controllers/sales.js']).toContain("service.getSale(parseId(req.params.id, 'id'))");
  });

  it('uses Number(…) when the project has no parser of its own', async () => {
    const plain = files('req.params.id');
    plain['src/controllers/sales.js'] = plain['src/controllers/sales.js']
      .replace("const { parseId } = require('../utils/ids');\n", '')
      .replace('parseId(req.params.id)', 'Number(req.params.id)');
    const found = await run(plain);
    expect(found[0]!.files['src/controllers/sales.js']).toContain('service.getSale(Number(req.params.id))');
  });

  it('converts a cast local as a whole in TypeScript (Number(id), not Number(id) as string)', async () => {
    const ts = {
      'src/app.ts':
        "import express from 'express';\nimport sales from './routes/sales.js';\nconst app = express();\n" +
        "app.use('/sales', sales);\nexport default app;\n",
      'src/routes/sales.ts':
        "import { Router } from 'express';\nimport * as sales from '../controllers/sales.js';\n" +
        "const router = Router();\nrouter.get('/:id', sales.show);\nexport default router;\n",
      'src/controllers/sales.ts':
        "import type { Request, Response } from 'express';\nimport * as service from '../services/sales.js';\n\n" +
        'export async function show(req: Request, res: Response) {\n  const { id } = req.params;\n' +
        '  res.json(await service.getSale(id as string));\n}\n',
      'src/services/sales.ts':
        'const rows = [{ id: 1 }];\nexport async function getSale(id: number) {\n' +
        '  return rows.find((r) => r.id === id);\n}\n',
    };
    const found = await allCandidates(nodeParamArgument, contextFor(ts), ['src/controllers/sales.ts']);
    expect(found[0]!.files['src/controllers/sales.ts']).toContain('res.json(await service.getSale(Number(id)));');
  });

  it("retypes a TypeScript lookup's string parameter to number, or tsc would refuse the conversion", async () => {
    const ts = (service: string, call = 'getSale') => ({
      'src/app.ts':
        "import express from 'express';\nimport sales from './routes/sales.js';\nconst app = express();\n" +
        "app.use('/sales', sales);\nexport default app;\n",
      'src/routes/sales.ts':
        "import { Router } from 'express';\nimport * as sales from '../controllers/sales.js';\n" +
        "const router = Router();\nrouter.get('/:id', sales.show);\nexport default router;\n",
      'src/controllers/sales.ts':
        "import type { Request, Response } from 'express';\nimport * as service from '../services/sales.js';\n" +
        "import { getSale } from '../services/sales.js';\n\n" +
        `export function show(req: Request, res: Response) {\n  res.json(${call}(req.params.id as string));\n}\n`,
      'src/services/sales.ts': service,
    });
    const lookup = (param: string) =>
      'const rows = [{ id: 1 }];\nconst find = (id: number | string) => rows.find((r) => r.id === id);\n' +
      `export function getSale(${param}): { id: number } | undefined {\n  return find(id);\n}\n`;
    for (const call of ['getSale', 'service.getSale']) {
      const found = await allCandidates(nodeParamArgument, contextFor(ts(lookup('id: string'), call)), [
        'src/controllers/sales.ts',
        'src/services/sales.ts',
      ]);
      expect(found[0]!.files['src/controllers/sales.ts']).toContain(`res.json(${call}(Number(req.params.id)));`);
      expect(found[0]!.files['src/services/sales.ts']).toBe(lookup('id: number'));
    }
    // A parameter that already takes both is left as it is.
    const union = await allCandidates(nodeParamArgument, contextFor(ts(lookup('id: string | number'))), [
      'src/services/sales.ts',
    ]);
    expect(union[0]!.files['src/services/sales.ts']).toBe(lookup('id: string | number'));
  });

  it('converts a local the parameter was destructured into where it is handed to the lookup', async () => {
    const destructured = files('id');
    destructured['src/controllers/sales.js'] = destructured['src/controllers/sales.js'].replace(
      '  const sale = await service.getSale(id);',
      '  const { id } = req.params;\n  const sale = await service.getSale(id);\n' +
        '  if (!sale) throw new Error(`Sale ${id}`);',
    );
    const found = await run(destructured);
    expect(found[0]!.files['src/controllers/sales.js']).toContain('service.getSale(parseId(id))');
    const copied = destructured['src/controllers/sales.js'].replace(
      'const { id } = req.params;',
      'const id = Number(req.params.id);',
    );
    expect(await run({ ...destructured, 'src/controllers/sales.js': copied })).toEqual([]);
  });

  it('leaves a string parameter, and one the handler already converts, alone', async () => {
    expect(await run(files('req.params.id'), 'string')).toEqual([]);
    expect(await run(files('parseId(req.params.id)'))).toEqual([]);
  });
});
