import { describe, expect, it } from 'vitest';
import { nodeDayOfMonthIndex } from './day-of-month-index.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// Node 20's message for the slot past a per-day array's end (captured from a run).
const reading = (prop: string, frame: string) => nodeLog(`TypeError: Cannot read properties of undefined (reading '${prop}')`, [frame]);

const service =
  "export class UsageService {\n  async daily(month: string, rows: { at: string; km: number }[]) {\n    const [year, m] = month.split('-').map(Number);\n    const daysInMonth = new Date(Date.UTC(year, m, 0)).getUTCDate();\n    const slots = Array.from({ length: daysInMonth }, (_, i) => ({ day: i + 1, rides: 0, km: 0 }));\n    for (const row of rows) {\n      const slot = slots[new Date(row.at).getUTCDate()];\n      slot.rides += 1;\n      slot.km += row.km;\n    }\n    return slots;\n  }\n}\n";
const run = (files: Record<string, string>, file: string, prop: string, line: number) =>
  allCandidates(nodeDayOfMonthIndex, templateContext(files, { kind: 'runtime_error', endpoint: 'GET /usage', log: reading(prop, `UsageService.daily (/app/${file}:${line}:7)`) }).context, [file]);

describe('node.day-of-month-index', () => {
  it('indexes a per-day array built from 0 by getUTCDate() - 1, read through a local (TypeScript class)', async () => {
    const found = await run({ 'src/services/usageService.ts': service }, 'src/services/usageService.ts', 'rides', 8);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.day-of-month-index']);
    expect(found[0]!.files['src/services/usageService.ts']).toBe(service.replace('slots[new Date(row.at).getUTCDate()]', 'slots[new Date(row.at).getUTCDate() - 1]'));
  });

  it('does the same for getDate() read on the failing line (CommonJS)', async () => {
    const cal = "function tally(events, n) {\n  const days = Array.from({ length: n }, () => ({ count: 0 }));\n  for (const e of events) days[e.when.getDate()].count++;\n  return days;\n}\nmodule.exports = { tally };\n";
    const found = await run({ 'src/cal.js': cal }, 'src/cal.js', 'count', 3);
    expect(found[0]!.files['src/cal.js']).toContain('days[e.when.getDate() - 1].count++');
  });

  it('leaves an array made one slot longer, and one the function did not build', async () => {
    expect(await run({ 'src/s.ts': service.replace('{ length: daysInMonth }', '{ length: daysInMonth + 1 }') }, 'src/s.ts', 'rides', 8)).toEqual([]);
    const given = "function tally(days, events) {\n  for (const e of events) days[e.when.getDate()].count++;\n  return days;\n}\nmodule.exports = { tally };\n";
    expect(await run({ 'src/g.js': given }, 'src/g.js', 'count', 2)).toEqual([]);
  });
});
