import { describe, expect, it } from 'vitest';
import { nodeMapMissingReturn } from './map-missing-return.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

// What JSON makes of an array of undefined: the body a real run sent for three rows.
const NULLS = '[null,null,null]';
const SERVICE = 'src/services/kennelService.ts';
const service = (callback: string) =>
  "import { queryAll } from '../db/database.js';\nimport { toKennel } from '../models/mappers.js';\n\n" +
  'export interface KennelSummary {\n  id: number;\n  dogs: number;\n}\n\n' +
  'export async function listKennels() {\n' +
  '  const rows = queryAll(`SELECT k.*, COUNT(d.id) AS dogs FROM kennels k`);\n' +
  `  return rows.map(${callback});\n}\n`;
const noReturn = '(row) => {\n    const summary: KennelSummary = { ...toKennel(row), dogs: Number(row.dogs) };\n  }';
const tsFiles = (callback: string) => ({
  'src/app.ts':
    "import express from 'express';\nimport kennels from './routes/kennels.js';\n" +
    "const app = express();\napp.use('/api/kennels', kennels);\nexport default app;\n",
  'src/routes/kennels.ts':
    "import { Router } from 'express';\nimport * as controller from '../controllers/kennelController.js';\n" +
    "const router = Router();\nrouter.get('/', controller.list);\nexport default router;\n",
  'src/controllers/kennelController.ts':
    "import type { Request, Response } from 'express';\n" +
    "import * as kennelService from '../services/kennelService.js';\n" +
    'export async function list(_req: Request, res: Response) {\n  res.json(await kennelService.listKennels());\n}\n',
  [SERVICE]: service(callback),
});
const failure = (body: string, endpoint = 'GET /api/kennels') => ({
  kind: 'schema_mismatch' as const,
  endpoint,
  actual: 200,
  body,
});

describe('node.map-missing-return', () => {
  it('returns the local a service map callback builds (TypeScript ESM, sent by the controller)', async () => {
    const { context } = templateContext(tsFiles(noReturn), failure(NULLS));
    const found = await allCandidates(nodeMapMissingReturn, context, [SERVICE]);
    expect(found.map((f) => f.files[SERVICE])).toEqual([
      service(noReturn.replace('dogs: Number(row.dogs) };\n', 'dogs: Number(row.dogs) };\n    return summary;\n')),
    ]);
  });

  it('returns the value the last statement drops, in a map sent in a field of an inline handler (JS)', async () => {
    const app = [
      "const express = require('express');",
      "const { toPlot, plots } = require('./plots');",
      'const app = express();',
      "app.get('/gardens/:id', (req, res) => {",
      '  const items = plots(req.params.id).map(function (p) {',
      '    toPlot(p)',
      '  });',
      '  res.json({ id: Number(req.params.id), items });',
      '});',
      'module.exports = app;',
      '',
    ].join('\n');
    const { context } = templateContext(
      { 'src/app.js': app },
      failure('{"id":2,"items":[null,null]}', 'GET /gardens/{id}'),
    );
    const found = await allCandidates(nodeMapMissingReturn, context, ['src/app.js']);
    expect(found.map((f) => f.files['src/app.js'])).toEqual([app.replace('    toPlot(p)\n', '    return toPlot(p)\n')]);
  });

  it('leaves a callback that returns, and items that carry data, alone (near misses)', async () => {
    const early = '(row) => {\n    if (!row.id) return null;\n    const summary = { ...toKennel(row), dogs: 0 };\n  }';
    for (const [callback, body] of [
      [early, NULLS],
      [noReturn.replace('};\n  }', '};\n    return summary;\n  }'), NULLS],
      [noReturn, '[{"id":1,"dogs":2},null]'],
      [noReturn, '[]'],
    ] as const) {
      const { context } = templateContext(tsFiles(callback), failure(body));
      expect(await allCandidates(nodeMapMissingReturn, context, [])).toEqual([]);
    }
  });
});
