import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeReduceEmpty } from './reduce-empty.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// The message and frames as Node 20 printed them for a sum over no rows (captured from a run).
const empty = (frame: string) =>
  nodeLog('TypeError: Reduce of empty array with no initial value', ['Array.reduce (<anonymous>)', frame]);
const withSchema = (endpoint: string, properties: Record<string, unknown>): ApiOperation => {
  const [method, path] = endpoint.split(' ') as [string, string];
  return {
    method,
    path,
    endpoint,
    parameters: [],
    responses: [
      { status: '200', mediaTypes: ['application/json'], schema: { type: 'object', properties } },
      { status: '404', mediaTypes: ['application/json'] },
    ],
  };
};

const service =
  "const repo = require('../repositories/catchRepository');\n\nasync function getTotals(boatId) {\n" +
  '  const catches = repo.findByBoat(boatId);\n' +
  '  const totalKg = catches.map((c) => c.weightKg).reduce((sum, w) => sum + w);\n' +
  '  return { boatId, catchCount: catches.length, totalKg };\n}\n\nmodule.exports = { getTotals };\n';
const boat = (properties: Record<string, unknown>, src = service, line = 5) => {
  const { context } = templateContext(
    { 'src/services/boatService.js': src },
    {
      kind: 'runtime_error',
      endpoint: 'GET /boats/{id}/totals',
      log: empty(`Object.getTotals (/app/src/services/boatService.js:${line}:55)`),
    },
  );
  return { ...context, operation: withSchema('GET /boats/{id}/totals', properties) };
};

describe('node.reduce-empty', () => {
  it(`starts a sum kept in a local at 0 when the field the literal fills with it is a documented integer (CommonJS \
service)`, async () => {
    const found = await allCandidates(
      nodeReduceEmpty,
      boat({ boatId: { type: 'integer' }, totalKg: { type: 'integer', minimum: 0 } }),
      ['src/services/boatService.js'],
    );
    expect(found.map((f) => f.candidate.key)).toEqual(['node.reduce-empty']);
    expect(found[0]!.files['src/services/boatService.js']).toBe(
      service.replace('.reduce((sum, w) => sum + w);', '.reduce((sum, w) => sum + w, 0);'),
    );
  });

  it('does the same for a sum written straight into a response literal over several lines (ESM handler)', async () => {
    const routes =
      "import { Router } from 'express';\nimport { listOrders } from '../data/orders.js';\n" +
      "const router = Router();\nrouter.get('/summary', async (req, res) => {\n" +
      '  const orders = await listOrders();\n  res.json({\n    count: orders.length,\n    revenue: orders\n' +
      '      .map((o) => o.total)\n      .reduce((acc, t) => {\n        return acc + t;\n      }),\n  });\n' +
      '});\nexport default router;\n';
    const { context } = templateContext(
      { 'src/routes/orders.js': routes },
      { kind: 'runtime_error', endpoint: 'GET /orders/summary', log: empty('file:///app/src/routes/orders.js:10:8') },
    );
    const found = await allCandidates(
      nodeReduceEmpty,
      {
        ...context,
        operation: withSchema('GET /orders/summary', { count: { type: 'integer' }, revenue: { type: 'number' } }),
      },
      ['src/routes/orders.js'],
    );
    expect(found.map((f) => f.candidate.key)).toEqual(['node.reduce-empty']);
    expect(found[0]!.files['src/routes/orders.js']).toContain('        return acc + t;\n      }, 0),\n');
  });

  it(`leaves a max by reduce, a field the contract does not document as a number, and one whose minimum excludes \
0`, async () => {
    const max = service.replace('(sum, w) => sum + w', '(a, b) => Math.max(a, b)');
    expect(await allCandidates(nodeReduceEmpty, boat({ totalKg: { type: 'integer' } }, max), [])).toEqual([]);
    expect(await allCandidates(nodeReduceEmpty, boat({ totalKg: { type: 'string' } }), [])).toEqual([]);
    expect(await allCandidates(nodeReduceEmpty, boat({ boatId: { type: 'integer' } }), [])).toEqual([]);
    expect(await allCandidates(nodeReduceEmpty, boat({ totalKg: { type: 'integer', minimum: 1 } }), [])).toEqual([]);
  });
});
