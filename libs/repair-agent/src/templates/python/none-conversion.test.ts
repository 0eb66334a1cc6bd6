import { describe, expect, it } from 'vitest';
import { pythonNoneConversion } from './none-conversion.js';
import { candidatesOf } from './test-support/python-context.js';
import { operation } from './test-support/summarise.js';

const noRound = { type: 'TypeError', message: "type NoneType doesn't define __round__ method" };
const nullable = { anyOf: [{ type: 'number' }, { type: 'null' }] };
const stats = {
  type: 'object',
  properties: { owner_id: { type: 'integer' }, average_total: nullable, total: { type: 'number' } },
  required: ['owner_id', 'average_total', 'total'],
};

async function run(source: string, line: number, schema: Record<string, unknown>, exception = noRound) {
  const op = operation('GET /owners/{id}/stats', { '200': schema });
  const found = await candidatesOf(pythonNoneConversion, {
    files: { 'app/service.py': source },
    culprit: { file: 'app/service.py', line },
    exception,
    operation: op,
  });
  return found.map((c) => c.changed['app/service.py']?.split('\n')[line - 1]);
}

describe('python.none-conversion', () => {
  it('passes None through a nested conversion given to a nullable keyword of the response model', async () => {
    const source = [
      'def owner_stats(owner, totals):',
      '    average = sum(totals) / len(totals) if totals else None',
      '    return OwnerStats(',
      '        owner_id=owner.id,',
      '        average_total=float(round(average, 2)),',
      '    )',
      '',
    ].join('\n');
    expect(await run(source, 5, stats)).toEqual([
      '        average_total=float(round(average, 2)) if average is not None else None,',
    ]);
  });

  it('keeps the whole rounding of a float() inside round() as the value guarded', async () => {
    const source =
      'def owner_stats(avg):\n    return OwnerStats(owner_id=1, average_total=round(float(avg), 2), total=0)\n';
    const float = { type: 'TypeError', message: "float() argument must be a string or a real number, not 'NoneType'" };
    expect(await run(source, 2, stats, float)).toEqual([
      '    return OwnerStats(owner_id=1, average_total=round(float(avg), 2) if avg is not None else None, total=0)',
    ]);
  });

  it('passes None through float() in a dict value of a list item', async () => {
    const source =
      'def rows(items):\n    return [{"owner_id": i.id, "average_total": float(i.avg), "total": 0} for i in items]\n';
    const float = { type: 'TypeError', message: "float() argument must be a string or a real number, not 'NoneType'" };
    const list = { type: 'array', items: stats };
    expect(
      await run(
        'def row(avg, oid):\n    return {"owner_id": oid, "average_total": float(avg), "total": 0}\n',
        2,
        list,
        float,
      ),
    ).toEqual(['    return {"owner_id": oid, "average_total": float(avg) if avg is not None else None, "total": 0}']);
    // An attribute (`i.avg`) is no name the guard can test: left alone.
    expect(await run(source, 2, list, float)).toEqual([]);
  });

  it('leaves required fields, undocumented ones and other TypeErrors alone', async () => {
    const required = 'def owner_stats(total):\n    return OwnerStats(total=round(total, 2))\n';
    expect(await run(required, 2, stats)).toEqual([]);
    const undocumented = 'def owner_stats(avg):\n    return OwnerStats(mean=round(avg, 2))\n';
    expect(await run(undocumented, 2, stats)).toEqual([]);
    const other = 'def owner_stats(avg):\n    return OwnerStats(average_total=round(avg, 2))\n';
    expect(
      await run(other, 2, stats, { type: 'TypeError', message: "type str doesn't define __round__ method" }),
    ).toEqual([]);
  });
});
