import { describe, expect, it } from 'vitest';
import { pythonStoredDateLiteral } from './stored-date-literal.js';
import { candidatesOf } from './test-support/python-context.js';

const crud = 'def list_hives(db):\n    return list(db.scalars(select(Hive)))\n';

async function run(seed: string, message = 'month must be in 1..12') {
  const found = await candidatesOf(pythonStoredDateLiteral, {
    files: { 'app/crud.py': crud, 'app/seed.py': seed, 'tests/test_dates.py': 'BAD = "2020-13-40"\n' },
    culprit: { file: 'app/crud.py', line: 2 },
    exception: { type: 'ValueError', message },
  });
  return found.map((c) => c.changed['app/seed.py']);
}

describe('python.stored-date-literal', () => {
  it('a raw-SQL seed row written day-first: day and month swapped', async () => {
    const seed =
      'def seed(db):\n    db.execute(text("INSERT INTO hives (name, installed_at) VALUES (:n, :i)"), {"n": ' +
      '"Imported", "i": "2021-14-03 07:45:00.000000"})\n    db.commit()\n';
    expect(await run(seed)).toEqual([seed.replace('2021-14-03 07:45', '2021-03-14 07:45')]);
  });

  it("a fixture date with an impossible day for its month ('day is out of range')", async () => {
    const seed =
      "EVENTS = [\n    {'title': 'Launch', 'on': '2024-02-01'},\n" +
      "    {'title': 'Review', 'on': '2024-31-01T09:00:00Z'},\n]\n";
    expect(await run(seed, 'day is out of range for month')).toEqual([seed.replace('2024-31-01T', '2024-01-31T')]);
  });

  it('proposes nothing for two impossible literals, or one whose swap is no date either', async () => {
    expect(await run('A = "2021-14-03"\nB = "2021-15-04"\n')).toEqual([]);
    expect(await run('A = "2021-14-13"\n')).toEqual([]);
  });
});
