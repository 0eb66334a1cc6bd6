import { describe, expect, it } from 'vitest';
import { pythonOpenBound } from './open-bound.js';
import { candidatesOf } from './test-support/python-context.js';

const report = (line: string) =>
  [
    'def grazing_days(turnouts, as_of):',
    '    total = 0',
    '    for t in turnouts:',
    `        ${line}`,
    '    return total',
    '',
  ].join('\n');
const message = (op: string, b: string, a: string) => `'${op}' not supported between instances of '${b}' and '${a}'`;

async function run(source: string, text: string) {
  const found = await candidatesOf(pythonOpenBound, {
    files: { 'app/reports.py': source },
    culprit: { file: 'app/reports.py', line: 4 },
    exception: { type: 'TypeError', message: text },
  });
  return found.map((c) => c.changed['app/reports.py']);
}

describe('python.open-bound', () => {
  it("min(): an open record's missing end counts up to the other bound", async () => {
    const line = 'total += (min(t.end_date, as_of) - t.start_date).days';
    expect(await run(report(line), message('<', 'datetime.date', 'NoneType'))).toEqual([
      report('total += (min(t.end_date if t.end_date is not None else as_of, as_of) - t.start_date).days'),
    ]);
  });

  it('max(): the None side named second in the message is the second argument', async () => {
    const line = 'start = max(since, t.start_date)';
    expect(await run(report(line), message('>', 'NoneType', 'datetime.date'))).toEqual([
      report('start = max(since, t.start_date if t.start_date is not None else since)'),
    ]);
  });

  it('leaves a None that is a plain name, a call argument, and a sort alone', async () => {
    expect(await run(report('end = min(end, as_of)'), message('<', 'datetime.date', 'NoneType'))).toEqual([]);
    expect(await run(report('end = min(t.end(), as_of)'), message('<', 'datetime.date', 'NoneType'))).toEqual([]);
    expect(await run(report('rows.sort(key=lambda r: r.end)'), message('<', 'datetime.date', 'NoneType'))).toEqual([]);
  });
});
