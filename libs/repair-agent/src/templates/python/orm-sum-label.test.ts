import { describe, expect, it } from 'vitest';
import { pythonEmptyAggregate } from './empty-aggregate.js';
import { candidatesOf } from './test-support/python-context.js';

const service = (sums: string) =>
  'def bank_summary(db, bank_id):\n    row = db.execute(\n        select(\n' +
  `            func.count(Cutting.id).label("cutting_count"),\n${sums}` +
  '        ).where(Cutting.bank_id == bank_id)\n    ).one()\n    return BankSummary(\n' +
  '        total_turfs=row.total_turfs,\n        total_wet_weight_kg=round(row.total_wet_weight_kg, 2),\n    )\n';
const sums =
  '            func.sum(Cutting.turfs).label("total_turfs"),\n' +
  '            func.sum(Cutting.wet_weight_kg).label("total_wet_weight_kg"),\n';
const run = (source: string) =>
  candidatesOf(pythonEmptyAggregate, {
    files: { 'app/services/reports.py': source },
    culprit: { file: 'app/services/reports.py', line: 11 },
    exception: { type: 'TypeError', message: "type NoneType doesn't define __round__ method" },
  });

describe('python.empty-aggregate #orm-coalesce', () => {
  it("coalesces the query's labelled sums, the one the culprit rounds among them", async () => {
    const found = await run(service(sums));
    expect(found.map((f) => f.key)).toEqual(['python.empty-aggregate#orm-coalesce']);
    expect(found[0]!.changed['app/services/reports.py']).toBe(
      service(
        '            func.coalesce(func.sum(Cutting.turfs), 0).label("total_turfs"),\n' +
          '            func.coalesce(func.sum(Cutting.wet_weight_kg), 0).label("total_wet_weight_kg"),\n',
      ),
    );
  });

  it('leaves a query whose read label is no sum', async () => {
    const max = sums.replace('func.sum(Cutting.wet_weight_kg)', 'func.max(Cutting.wet_weight_kg)');
    expect(await run(service(max))).toEqual([]);
  });
});
