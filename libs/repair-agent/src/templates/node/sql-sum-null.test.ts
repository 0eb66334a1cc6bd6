import type { ApiOperation } from '@smoke-repair/smoke-validator';
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

  describe('an AVG read into a documented number', () => {
    const service = (avg: string) =>
      'import { one } from "../db.js";\nexport function usage(dockId: number) {\n' +
      `  const s = one(\`SELECT COUNT(*) AS n, ${avg} AS mean_hours, MAX(v.hours) AS longest\n` +
      '      FROM visits v WHERE v.dock_id = ?`, [dockId])!;\n' +
      '  return { visits: s.n, meanHours: Number(s.mean_hours.toFixed(1)), longest: s.longest };\n}\n';
    const usage = (meanHours: Record<string, unknown>): ApiOperation => ({
      method: 'get',
      path: '/docks/{dockId}/usage',
      endpoint: 'GET /docks/{dockId}/usage',
      parameters: [],
      responses: [
        {
          status: '200',
          mediaTypes: ['application/json'],
          schema: {
            type: 'object',
            required: ['visits', 'meanHours', 'longest'],
            properties: { visits: { type: 'integer' }, meanHours, longest: { type: 'integer', nullable: true } },
          },
        },
      ],
    });
    const run = (meanHours: Record<string, unknown>) => {
      const { context } = templateContext(
        { 'src/services/docks.service.ts': service('AVG(v.hours)') },
        {
          kind: 'runtime_error',
          endpoint: 'GET /docks/{dockId}/usage',
          log: nodeLog("TypeError: Cannot read properties of null (reading 'toFixed')", [
            'usage (/app/src/services/docks.service.ts:5:49)',
          ]),
        },
      );
      return allCandidates(nodeSqlSumNull, { ...context, operation: usage(meanHours) }, [
        'src/services/docks.service.ts',
      ]);
    };

    it('COALESCEs it when the field is a number that may be 0, and leaves the other aggregates', async () => {
      const found = await run({ type: 'number', minimum: 0 });
      expect(found.map((f) => f.files['src/services/docks.service.ts'])).toEqual([
        service('COALESCE(AVG(v.hours), 0)'),
      ]);
    });

    it('answers null for it when the field may be null, the SQL kept', async () => {
      for (const meanHours of [{ type: 'number', nullable: true }, { type: ['number', 'null'] }]) {
        const found = await run(meanHours);
        expect(found.map((f) => f.candidate.key)).toEqual(['node.sql-sum-null#null']);
        expect(found[0]!.files['src/services/docks.service.ts']).toBe(
          service('AVG(v.hours)').replace('meanHours: Number(', 'meanHours: s.mean_hours === null ? null : Number('),
        );
      }
    });

    it('leaves it when the field is not documented as nullable nor 0, or the read is already guarded', async () => {
      expect(await run({ type: 'number', minimum: 1 })).toEqual([]);
      const { context } = templateContext(
        {
          'src/services/docks.service.ts': service('AVG(v.hours)').replace(
            'Number(s.mean_hours.toFixed(1))',
            's.mean_hours && Number(s.mean_hours.toFixed(1))',
          ),
        },
        {
          kind: 'runtime_error',
          endpoint: 'GET /docks/{dockId}/usage',
          log: nodeLog("TypeError: Cannot read properties of null (reading 'toFixed')", [
            'usage (/app/src/services/docks.service.ts:5:49)',
          ]),
        },
      );
      const guarded = await allCandidates(
        nodeSqlSumNull,
        { ...context, operation: usage({ type: 'number', nullable: true }) },
        ['src/services/docks.service.ts'],
      );
      expect(guarded).toEqual([]);
    });
  });
});
