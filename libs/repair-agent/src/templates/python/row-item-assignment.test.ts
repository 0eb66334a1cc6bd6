import { describe, expect, it } from 'vitest';
import { pythonRowItemAssignment } from './row-item-assignment.js';
import { candidatesOf } from './test-support/python-context.js';

async function run(source: string, line: number, owner = 'Row') {
  const found = await candidatesOf(pythonRowItemAssignment, {
    files: { 'app/reports.py': source },
    culprit: { file: 'app/reports.py', line },
    exception: { type: 'TypeError', message: `'${owner}' object does not support item assignment` },
  });
  return found.map((c) => c.changed['app/reports.py']);
}

describe('python.row-item-assignment', () => {
  it('a positional item of a Row in a loop: a list copy just before', async () => {
    const source =
      'def yield_report(rows):\n    report = []\n    for row in rows:\n' +
      '        row[1] = round(float(row[1]), 2)\n' +
      '        report.append({"location": row[0], "total_kg": row[1]})\n    return report\n';
    expect(await run(source, 4)).toEqual([
      source.replace('        row[1] =', '        row = list(row)\n        row[1] ='),
    ]);
  });

  it("a named item of a Row: a dict of its mapping; a tuple's item: a list", async () => {
    const named = 'def totals(result):\n    first = result.first()\n    first["total"] += 1\n    return first\n';
    expect(await run(named, 3)).toEqual([
      named.replace('    first["total"]', '    first = dict(first._mapping)\n    first["total"]'),
    ]);
    const pair = 'def bump(pair):\n    pair[0] = pair[0] + 1\n    return pair\n';
    expect(await run(pair, 2, 'tuple')).toEqual([
      pair.replace('    pair[0] =', '    pair = list(pair)\n    pair[0] ='),
    ]);
  });

  it('proposes nothing when the row is read by attribute after the assignment', async () => {
    const source =
      'def yield_report(rows):\n    out = []\n    for row in rows:\n        row[1] = round(row[1], 2)\n' +
      '        out.append({"location": row.location, "total": row[1]})\n    return out\n';
    expect(await run(source, 4)).toEqual([]);
  });
});
