import { describe, expect, it } from 'vitest';
import { nodeSqlSumNull } from './sql-sum-null.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const report = (sums: string) =>
  "const db = require('../db');\nasync function revenueByBed() {\n  return db.all(`\n" +
  `    SELECT b.id AS bed_id, COUNT(h.id) AS harvests,\n           ${sums}\n` +
  '      FROM beds b LEFT JOIN harvests h ON h.bed_id = b.id\n     GROUP BY b.id`);\n}\n' +
  'module.exports = { revenueByBed };\n';
const serializer =
  "const { centsToAmount } = require('./money');\nexports.line = (row) => ({\n  bed: row.bed_id,\n" +
  '  revenue: centsToAmount(row.revenue_cents),\n});\n';
const money =
  'exports.centsToAmount = (cents) => {\n' +
  '  if (!Number.isInteger(cents)) throw new TypeError(`expects cents, got ${cents}`);\n' +
  '  return cents / 100;\n};\n';
const run = (sums: string) =>
  allCandidates(
    nodeSqlSumNull,
    templateContext(
      { 'src/services/report.js': report(sums), 'src/serializer.js': serializer, 'src/money.js': money },
      {
        kind: 'runtime_error',
        endpoint: 'GET /reports/revenue',
        log: nodeLog('TypeError: expects cents, got null', [
          'exports.centsToAmount (/app/src/money.js:2:43)',
          'exports.line (/app/src/serializer.js:4:12)',
        ]),
      },
    ).context,
    ['src/services/report.js'],
  );

describe('node.sql-sum-null', () => {
  it("COALESCEs the SUM a frame's row key reads, and the statement's other SUMs", async () => {
    const found = await run('SUM(h.dozens) AS dozens,\n           SUM(h.dozens * h.price_cents) AS revenue_cents');
    expect(found.map((f) => f.files['src/services/report.js'])).toEqual([
      report(
        'COALESCE(SUM(h.dozens), 0) AS dozens,\n           COALESCE(SUM(h.dozens * h.price_cents), 0) AS revenue_cents',
      ),
    ]);
  });

  it('COALESCEs a SUM scaled by a number before its alias (TypeScript, a member read on null)', async () => {
    const service = (sum: string) =>
      'import { one } from "../db/database.js";\nexport function summary(millId: number) {\n' +
      `  const parts = one(\`SELECT ${sum} AS cost\n      FROM job_parts jp WHERE jp.mill_id = ?\`, [millId])!;\n` +
      '  return { cost: Number(parts.cost.toFixed(2)) };\n}\n';
    const { context } = templateContext(
      { 'src/services/mills.service.ts': service('SUM(jp.quantity * jp.unit_price_pence) / 100.0') },
      {
        kind: 'runtime_error',
        endpoint: 'GET /mills/{millId}/summary',
        log: nodeLog("TypeError: Cannot read properties of null (reading 'toFixed')", [
          'summary (/app/src/services/mills.service.ts:5:35)',
        ]),
      },
    );
    const found = await allCandidates(nodeSqlSumNull, context, ['src/services/mills.service.ts']);
    expect(found.map((f) => f.files['src/services/mills.service.ts'])).toEqual([
      service('COALESCE(SUM(jp.quantity * jp.unit_price_pence), 0) / 100.0'),
    ]);
  });

  it('leaves a SUM already defaulted, and one no frame reads', async () => {
    expect(await run('COALESCE(SUM(h.dozens * h.price_cents), 0) AS revenue_cents')).toEqual([]);
    expect(await run('SUM(h.dozens) AS dozens')).toEqual([]);
    expect(await run('SUM(h.dozens * h.price_cents) - 1 AS revenue_cents')).toEqual([]);
  });
});
