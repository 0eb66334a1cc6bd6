import { describe, expect, it } from 'vitest';
import { nodeInvalidDate } from './invalid-date.js';
import { allCandidates, nodeLog, templateContext, withRequestBody } from './test-support/template-context.js';

// Node 20's error for toISOString() of an Invalid Date (captured from a run).
const invalid = (frame: string) => nodeLog('RangeError: Invalid time value', ['Date.toISOString (<anonymous>)', frame]);

// A date helper module: the request's date reaches it as a parameter, the Date is made on line 6.
const helper = (body: string) =>
  'const DAY_MS = 24 * 60 * 60 * 1000;\n\n/** Adds whole days to a calendar date. */\n' +
  `export function shiftDays(day: string, n: number): string {\n${body}\n}\n`;
const SPELLED = '  const from = `${day}T00:00:00Z`;\n  return new Date(from + n * DAY_MS).toISOString().slice(0, 10);';

const attempt = async (file: string, source: string, line: number, dated = true) => {
  const { context } = templateContext(
    { [file]: source },
    {
      kind: 'runtime_error',
      endpoint: 'POST /stays',
      expected: 201,
      log: invalid(`shiftDays (file:///app/${file}:${line}:10)`),
    },
  );
  const fields = dated
    ? { berth: { type: 'integer' }, startDay: { type: 'string', format: 'date' } }
    : { berth: { type: 'integer' }, startDay: { type: 'string' } };
  const operation = withRequestBody(context.operation!, fields, ['berth', 'startDay']);
  return allCandidates(nodeInvalidDate, { ...context, operation }, [file]);
};

describe('node.invalid-date#date-sum on date text the function spells', () => {
  it('adds milliseconds to the time of a local spelling a date-time, not to its text', async () => {
    const source = helper(SPELLED);
    const found = await attempt('src/lib/days.ts', source, 6);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.invalid-date#date-sum']);
    expect(found[0]!.files['src/lib/days.ts']).toBe(source.replace('new Date(from +', 'new Date(Date.parse(from) +'));
  });

  it('does the same for a parameter typed string, and a local made by + of a time part', async () => {
    const param = helper('  return new Date(day + n * DAY_MS).toISOString().slice(0, 10);');
    const found = await attempt('src/lib/days.ts', param, 5);
    expect(found[0]!.files['src/lib/days.ts']).toBe(param.replace('new Date(day +', 'new Date(Date.parse(day) +'));
    const joined = helper(
      "  const from = day + 'T12:00:00Z';\n  return new Date(from + n * DAY_MS).toISOString().slice(0, 10);",
    );
    const again = await attempt('src/lib/days.ts', joined, 6);
    expect(again[0]!.files['src/lib/days.ts']).toBe(joined.replace('new Date(from +', 'new Date(Date.parse(from) +'));
  });

  it('near miss: a local holding a number or a call, a reassigned parameter, or no documented date', async () => {
    const numeric = helper(
      '  const from = Number(day);\n  return new Date(from + n * DAY_MS).toISOString().slice(0, 10);',
    );
    expect(await attempt('src/lib/days.ts', numeric, 6)).toEqual([]);
    const reassigned = helper('  day = day.trim();\n  return new Date(day + n * DAY_MS).toISOString().slice(0, 10);');
    expect(await attempt('src/lib/days.ts', reassigned, 6)).toEqual([]);
    expect(await attempt('src/lib/days.ts', helper(SPELLED), 6, false)).toEqual([]);
  });
});
