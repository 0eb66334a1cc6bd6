import { describe, expect, it } from 'vitest';
import { pythonResultReused } from './result-reused.js';
import { candidatesOf } from './test-support/python-context.js';

const service = (count: string, extra = '') =>
  'from sqlalchemy import select\n\n\ndef mileage(db, musher_id):\n' +
  '    runs = db.scalars(select(Run).where(Run.musher_id == musher_id))\n' +
  `    total = sum(r.distance_km for r in runs)\n    count = ${count}\n${extra}` +
  '    return {"total": total, "avg": round(total / count, 2) if runs else None}\n';

async function run(source: string) {
  const found = await candidatesOf(pythonResultReused, {
    files: { 'app/reports.py': source },
    culprit: { file: 'app/reports.py', line: 8 },
    exception: { type: 'ZeroDivisionError', message: 'float division by zero' },
  });
  return found.map((c) => c.changed['app/reports.py']);
}

describe('python.result-reused', () => {
  it("binds the result's rows where the function reads it twice (a sum, then len(runs.all()))", async () => {
    expect(await run(service('len(runs.all())'))).toEqual([
      service('len(runs)').replace('== musher_id))\n', '== musher_id)).all()\n'),
    ]);
  });

  it('leaves a result read once, one rebound between its reads, and one read by another method', async () => {
    expect(await run(service('3'))).toEqual([]);
    expect(
      await run(service('len(runs.all())').replace('    total = sum', '    runs = list(runs)\n    total = sum')),
    ).toEqual([]);
    expect(await run(service('len(runs.all())', '    first = runs.partitions()\n'))).toEqual([]);
    // Rows already fetched: a list, read as often as the code likes.
    expect(await run(service('len(runs)').replace('== musher_id))\n', '== musher_id)).all()\n'))).toEqual([]);
  });
});
