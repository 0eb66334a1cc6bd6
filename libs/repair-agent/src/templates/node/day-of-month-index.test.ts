import { describe, expect, it } from 'vitest';
import { nodeDayOfMonthIndex } from './day-of-month-index.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const reading = (prop: string, frame: string) =>
  nodeLog(`TypeError: Cannot read properties of undefined (reading '${prop}')`, [frame]);

// A month's report: one bucket per day, entry i labelled day i + 1.
const REPORT =
  'export class Reports {\n  async month(month: string, trips: { startedAt: string; km: number }[]) {\n' +
  "    const [year, m] = month.split('-').map(Number);\n" +
  '    const days = new Date(Date.UTC(year, m, 0)).getUTCDate();\n' +
  '    const buckets = Array.from({ length: days }, (_, i) => ({ day: i + 1, trips: 0 }));\n' +
  '    for (const trip of trips) {\n      const bucket = buckets[new Date(trip.startedAt).getUTCDate()];\n' +
  '      bucket.trips += 1;\n    }\n    return buckets;\n  }\n}\n';

describe('node.day-of-month-index', () => {
  it('reads the bucket of a labelled per-day array one day earlier (TS, a bound element)', async () => {
    const { context } = templateContext(
      { 'src/reports.ts': REPORT },
      {
        kind: 'runtime_error',
        endpoint: 'GET /reports',
        log: reading('trips', 'Reports.month (/app/src/reports.ts:8:14)'),
      },
    );
    const found = await allCandidates(nodeDayOfMonthIndex, context, ['src/reports.ts']);
    expect(found.map((f) => f.files['src/reports.ts'])).toEqual([
      REPORT.replace('getUTCDate()];', 'getUTCDate() - 1];'),
    ]);
  });

  it('reads arr[d.getDate()].x of an array as long as the month, with no labels (JS)', async () => {
    const js =
      'function perDay(entries, year, month) {\n  const last = new Date(year, month, 0).getDate();\n' +
      '  const days = Array.from({ length: last }, () => ({ total: 0 }));\n' +
      '  for (const e of entries) days[new Date(e.at).getDate()].total += e.amount;\n  return days;\n}\n' +
      'module.exports = { perDay };\n';
    const { context } = templateContext(
      { 'src/days.js': js },
      { kind: 'runtime_error', endpoint: 'GET /days', log: reading('total', 'perDay (/app/src/days.js:4:58)') },
    );
    const found = await allCandidates(nodeDayOfMonthIndex, context, ['src/days.js']);
    expect(found.map((f) => f.files['src/days.js'])).toEqual([js.replace('getDate()].total', 'getDate() - 1].total')]);
  });

  it('leaves an array indexed by a 0-based getter, or one with no entry per day', async () => {
    const weekday = REPORT.replace('getUTCDate()];', 'getUTCDay()];');
    const first = templateContext(
      { 'src/reports.ts': weekday },
      {
        kind: 'runtime_error',
        endpoint: 'GET /reports',
        log: reading('trips', 'Reports.month (/app/src/reports.ts:8:14)'),
      },
    );
    expect(await allCandidates(nodeDayOfMonthIndex, first.context, [])).toEqual([]);
    const unlabelled = REPORT.replace('({ day: i + 1, trips: 0 })', '({ day: i, trips: 0 })').replace(
      '{ length: days }',
      '{ length: 32 }',
    );
    const second = templateContext(
      { 'src/reports.ts': unlabelled },
      {
        kind: 'runtime_error',
        endpoint: 'GET /reports',
        log: reading('trips', 'Reports.month (/app/src/reports.ts:8:14)'),
      },
    );
    expect(await allCandidates(nodeDayOfMonthIndex, second.context, [])).toEqual([]);
  });
});
