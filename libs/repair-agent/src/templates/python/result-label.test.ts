import { describe, expect, it } from 'vitest';
import { pythonResultLabel } from './result-label.js';
import { candidatesOf } from './test-support/python-context.js';

const report = (labels: string, read = 'row.total_turfs') => `from sqlalchemy import func, select


def yard_report(db):
    stmt = select(
        Yard.name,
${labels}
    ).group_by(Yard.name)
    out = []
    for row in db.execute(stmt):
        out.append(Report(name=row.name, count=row.cut_count, total_turfs=${read}))
    return out
`;
const run = (source: string, message = 'total_turfs') =>
  candidatesOf(pythonResultLabel, {
    files: { 'app/reports.py': source },
    culprit: { file: 'app/reports.py', line: 12 },
    exception: { type: 'AttributeError', message },
  });

describe('python.result-label', () => {
  it('labels the sum with the name its rows are read under', async () => {
    const labels = '        func.count(Cut.id).label("cut_count"),\n        func.sum(Cut.turfs).label("turfs"),';
    const found = await run(report(labels));
    expect(found.map((f) => f.changed['app/reports.py'])).toEqual([
      report(labels.replace('label("turfs")', 'label("total_turfs")')),
    ]);
  });

  it('does the same for a single-quoted label read in an expression', async () => {
    const labels = "        func.count(Cut.id).label('cut_count'),\n        func.sum(Cut.turfs).label('turfs_cut'),";
    const found = await run(report(labels, 'round(row.total_turfs / 3, 2)'));
    expect(found.map((f) => f.changed['app/reports.py'])).toEqual([
      report(labels.replace("label('turfs_cut')", "label('total_turfs')"), 'round(row.total_turfs / 3, 2)'),
    ]);
  });

  it("near miss: an object's AttributeError, the name labelled already, or no label sharing a word", async () => {
    const labels = '        func.count(Cut.id).label("cut_count"),\n        func.sum(Cut.turfs).label("turfs"),';
    expect(await run(report(labels), "'Row' object has no attribute 'total_turfs'")).toEqual([]);
    const labelled =
      '        func.count(Cut.id).label("cut_count"),\n        func.sum(Cut.turfs).label("total_turfs"),';
    expect(await run(report(labelled))).toEqual([]);
    const unrelated = '        func.count(Cut.id).label("cut_count"),\n        func.sum(Cut.turfs).label("weight"),';
    expect(await run(report(unrelated))).toEqual([]);
  });
});
