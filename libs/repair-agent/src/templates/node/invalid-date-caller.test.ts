import { describe, expect, it } from 'vitest';
import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { nodeInvalidDate } from './invalid-date.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// node.invalid-date #date-sum where the failing line is a helper's `date.toISOString()`: the Date was
// made (of date text plus milliseconds) by the in-app caller one frame above.
const HELPER = 'src/util/days.ts';
const helper =
  'export const DAY_MS = 86400000;\n\nexport function isoDay(date: Date): string {\n' +
  '  return date.toISOString().slice(0, 10);\n}\n';
const answer = (format: string | null): ApiOperation => ({
  method: 'get',
  path: '/hives/{id}',
  endpoint: 'GET /hives/{id}',
  parameters: [],
  responses: [
    {
      status: '200',
      mediaTypes: ['application/json'],
      schema: {
        type: 'object',
        properties: { id: { type: 'integer' }, inspectedOn: format ? { type: 'string', format } : { type: 'string' } },
      },
    },
  ],
});
const run = (file: string, source: string, frames: string[], format: string | null = 'date') => {
  const { context } = templateContext(
    { [HELPER]: helper, [file]: source },
    {
      kind: 'runtime_error',
      endpoint: 'GET /hives/{id}',
      log: nodeLog('RangeError: Invalid time value', ['Date.toISOString (<anonymous>)', ...frames]),
    },
  );
  return allCandidates(nodeInvalidDate, { ...context, operation: answer(format) }, [file, HELPER]);
};

const SERVICE = 'src/services/hives.ts';
const service =
  'import { DAY_MS, isoDay } from "../util/days.js";\n\nexport function nextInspection(hive: Hive): string {\n' +
  '  const due = new Date(hive.inspectedOn + hive.intervalDays * DAY_MS);\n  return isoDay(due);\n}\n';
const frames = [`isoDay (/app/${HELPER}:4:15)`, `nextInspection (/app/${SERVICE}:5:10)`];

describe('node.invalid-date #date-sum in the caller of a helper', () => {
  it('adds to the time of the documented date in the caller that made the Date (local read)', async () => {
    const found = await run(SERVICE, service, frames);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.invalid-date#date-sum']);
    expect(found[0]!.files[SERVICE]).toBe(
      service.replace('new Date(hive.inspectedOn', 'new Date(Date.parse(hive.inspectedOn)'),
    );
    expect(found[0]!.files[HELPER]).toBe(helper);
  });

  it('does the same for a Date made inline in the call (CommonJS)', async () => {
    const file = 'src/hives.js';
    const js =
      "const { isoDay } = require('./util/days');\nfunction due(h) {\n" +
      '  return { id: h.id, due: isoDay(new Date(h.inspectedOn + 7 * 86400000)) };\n}\nmodule.exports = { due };\n';
    const found = await run(file, js, [`isoDay (/app/${HELPER}:4:15)`, `due (/app/${file}:3:30)`]);
    expect(found[0]!.files[file]).toBe(js.replace('new Date(h.inspectedOn', 'new Date(Date.parse(h.inspectedOn)'));
  });

  it('near miss: a field not documented as a date, or text appended in the caller', async () => {
    expect(await run(SERVICE, service, frames, null)).toEqual([]);
    const spelled = service.replace('hive.intervalDays * DAY_MS', '"T00:00:00Z"');
    expect(await run(SERVICE, spelled, frames)).toEqual([]);
  });
});
