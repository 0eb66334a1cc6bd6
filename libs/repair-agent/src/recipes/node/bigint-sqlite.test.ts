import { describe, expect, it } from 'vitest';
import { nodeLog, templateContext } from '../../templates/node/test-support/template-context.js';
import { nodeJsonSerialize } from './json-serialize.js';

// The controller, repository and frames of a real run (an Express 4 ESM app on better-sqlite3).
const CONTROLLER =
  "import { reportsService } from '../services/reports.service.js';\n\nexport const reportsController = {\n" +
  '  async revenue(req, res) {\n    res.json(await reportsService.revenue());\n  },\n};\n';
const REPOSITORY =
  "import { getDb } from '../db/connection.js';\n\n" +
  "// Revenue sums are read as BigInt: a busy site's lifetime cents can pass Number.MAX_SAFE_INTEGER.\n" +
  'export const reportsRepository = {\n  revenueTotals() {\n    return getDb()\n      .prepare(\n' +
  '        `SELECT COALESCE(SUM(amount_cents), 0) AS totalCents, COUNT(*) AS bookingCount\n' +
  "           FROM bookings WHERE status = 'confirmed'`,\n      )\n      .safeIntegers(true)\n" +
  '      .get();\n  },\n  revenueByPlan() {\n    return getDb()\n      .prepare(\n' +
  '        `SELECT p.name AS planName, SUM(b.amount_cents) AS revenueCents, COUNT(b.id) AS bookings\n' +
  '           FROM bookings b\n           JOIN members m ON m.id = b.member_id\n' +
  "           JOIN plans p ON p.id = m.plan_id\n          WHERE b.status = 'confirmed'\n" +
  '          GROUP BY p.id\n          ORDER BY revenueCents DESC`,\n      )\n      .safeIntegers(true)\n' +
  '      .all();\n  },\n};\n';
const LOG = nodeLog('TypeError: Do not know how to serialize a BigInt', [
  'JSON.stringify (<anonymous>)',
  'stringify (/app/node_modules/express/lib/response.js:1160:12)',
  'ServerResponse.json (/app/node_modules/express/lib/response.js:271:14)',
  'revenue (file:///app/src/controllers/reports.controller.js:5:9)',
]);
const REVENUE = {
  type: 'object',
  properties: {
    totalCents: { type: 'integer' },
    bookingCount: { type: 'integer' },
    byPlan: {
      type: 'array',
      items: {
        type: 'object',
        properties: { plan: { type: 'string' }, revenueCents: { type: 'integer' }, bookings: { type: 'integer' } },
      },
    },
  },
};

async function repair(files: Record<string, string>, schema: Record<string, unknown>, frame?: string) {
  const log = frame
    ? nodeLog('TypeError: Do not know how to serialize a BigInt', ['JSON.stringify (<anonymous>)', frame])
    : LOG;
  const { context, tree } = templateContext(files, { kind: 'runtime_error', endpoint: 'GET /reports/revenue', log });
  const operation = { ...context.operation!, responses: [{ status: '200', mediaTypes: ['application/json'], schema }] };
  return { outcome: await nodeJsonSerialize.apply({ ...context, operation }), tree };
}

describe('node.json-serialize: statements read with safeIntegers where the contract documents numbers', () => {
  it('reads plain numbers in every such statement (template literals, .safeIntegers(true))', async () => {
    const { outcome, tree } = await repair(
      { 'src/controllers/reports.controller.js': CONTROLLER, 'src/repositories/reports.repository.js': REPOSITORY },
      REVENUE,
    );
    expect(outcome?.summary).toBe(
      'convert the BigInt where it is made (src/repositories/reports.repository.js:11, ' +
        'src/repositories/reports.repository.js:25)',
    );
    expect(await tree.read('src/repositories/reports.repository.js')).toBe(
      REPOSITORY.replaceAll('.safeIntegers(true)', '.safeIntegers(false)'),
    );
    expect(await tree.read('src/controllers/reports.controller.js')).toBe(CONTROLLER);
  });

  it('a TypeScript class whose statement calls safeIntegers() with no argument', async () => {
    const stats =
      "import type Database from 'better-sqlite3';\n\nexport class Stats {\n" +
      '  constructor(private readonly db: Database.Database) {}\n\n  totals(): { count: number } {\n' +
      "    return this.db.prepare('SELECT count(*) AS count FROM visits').safeIntegers().get() as { count: " +
      'number };\n  }\n}\n';
    const routes =
      "import express from 'express';\nimport { Stats } from './stats.js';\n\n" +
      'export const app = express();\nconst stats = new Stats(db);\n' +
      "app.get('/reports/revenue', (req, res) => {\n  res.json(stats.totals());\n});\n";
    const { tree } = await repair(
      { 'src/app.ts': routes, 'src/stats.ts': stats },
      { type: 'object', properties: { count: { type: 'integer' } } },
      'Function.<anonymous> (/app/src/app.ts:7:7)',
    );
    expect(await tree.read('src/stats.ts')).toBe(stats.replace('.safeIntegers()', '.safeIntegers(false)'));
  });

  it('leaves a statement selecting a name documented as text, and a file that computes with BigInts', async () => {
    const textId = REPOSITORY.replace('COUNT(b.id) AS bookings', 'b.id AS plan');
    const first = await repair(
      { 'src/controllers/reports.controller.js': CONTROLLER, 'src/repositories/reports.repository.js': textId },
      REVENUE,
    );
    expect(await first.tree.read('src/repositories/reports.repository.js')).toBe(
      textId.replace('.safeIntegers(true)', '.safeIntegers(false)'),
    );
    const computing = REPOSITORY.replace('      .get();', '      .get().totalCents + 0n;');
    const second = await repair(
      { 'src/controllers/reports.controller.js': CONTROLLER, 'src/repositories/reports.repository.js': computing },
      REVENUE,
    );
    expect(await second.tree.read('src/repositories/reports.repository.js')).toBe(computing);
    expect(second.outcome?.summary).not.toMatch(/where it is made/);
  });
});
