import { describe, expect, it } from 'vitest';
import { pythonNullableSortKey } from './nullable-sort-key.js';
import { candidatesOf } from './test-support/python-context.js';

async function run(source: string, line: number, message: string) {
  const found = await candidatesOf(pythonNullableSortKey, {
    files: { 'app/service.py': source },
    culprit: { file: 'app/service.py', line },
    exception: { type: 'TypeError', message },
  });
  return found.map((c) => c.changed['app/service.py']?.split('\n')[line - 1]);
}

describe('python.nullable-sort-key', () => {
  it('makes a sorted() key on a nullable datetime None-safe, keeping reverse, the other placement second', async () => {
    const source =
      'def recent_jobs(session):\n    jobs = session.query(Job).all()\n' +
      '    return sorted(jobs, key=lambda j: j.finished_at, reverse=True)\n';
    const message = "'<' not supported between instances of 'datetime.datetime' and 'NoneType'";
    expect(await run(source, 3, message)).toEqual([
      '    return sorted(jobs, key=lambda j: (j.finished_at is None, j.finished_at), reverse=True)',
      '    return sorted(jobs, key=lambda j: (j.finished_at is not None, j.finished_at), reverse=True)',
    ]);
  });

  it('reads a dict key, and puts the items without a value last first where a comment says so', async () => {
    const source =
      'def members(repo):\n    rows = repo.with_last_visit()\n    # latest visitors first, never-seen ones last\n' +
      '    return sorted(rows, key=lambda r: r["last_visit"], reverse=True)\n';
    const message = "'<' not supported between instances of 'NoneType' and 'datetime.datetime'";
    expect(await run(source, 4, message)).toEqual([
      '    return sorted(rows, key=lambda r: (r["last_visit"] is not None, r["last_visit"]), reverse=True)',
      '    return sorted(rows, key=lambda r: (r["last_visit"] is None, r["last_visit"]), reverse=True)',
    ]);
    const documented =
      'def board(entries):\n    """Best score first; entries without a score last, in entry order."""\n' +
      '    return sorted(entries, key=lambda e: e.score, reverse=True)\n';
    expect((await run(documented, 3, "'<' not supported between instances of 'NoneType' and 'float'"))[0]).toBe(
      '    return sorted(entries, key=lambda e: (e.score is not None, e.score), reverse=True)',
    );
    const unrelated = documented.replace(
      'entries without a score last, in entry order',
      'the last ten, after filtering',
    );
    expect((await run(unrelated, 3, "'<' not supported between instances of 'NoneType' and 'float'"))[0]).toBe(
      '    return sorted(entries, key=lambda e: (e.score is None, e.score), reverse=True)',
    );
    const get = "def cheapest(offers):\n    return min(offers, key=lambda o: o.get('price'))\n";
    expect(await run(get, 2, "'<' not supported between instances of 'NoneType' and 'float'")).toEqual([
      "    return min(offers, key=lambda o: (o.get('price') is None, o.get('price')))",
    ]);
  });

  it("takes the placement from the contract's prose for the failing operation, read clause by clause", async () => {
    const source =
      'def list_pans(db):\n    items = load(db)\n    items.sort(key=lambda p: p.last_harvest_on, reverse=True)\n' +
      '    return items\n';
    const found = async (prose: string) =>
      (
        await candidatesOf(pythonNullableSortKey, {
          files: { 'app/service.py': source },
          culprit: { file: 'app/service.py', line: 3 },
          exception: {
            type: 'TypeError',
            message: "'<' not supported between instances of 'datetime.date' and 'NoneType'",
          },
          cause: { endpoints: ['GET /pans'] },
          operation: { method: 'GET', path: '/pans', endpoint: 'GET /pans', parameters: [], responses: [], prose },
        })
      ).map((c) => [c.key, c.changed['app/service.py']?.split('\n')[2]]);
    expect(await found('All pans, the most recently harvested first (pans never harvested last).')).toEqual([
      [
        'python.nullable-sort-key#none-last-reversed',
        '    items.sort(key=lambda p: (p.last_harvest_on is not None, p.last_harvest_on), reverse=True)',
      ],
      [
        'python.nullable-sort-key#none-first',
        '    items.sort(key=lambda p: (p.last_harvest_on is None, p.last_harvest_on), reverse=True)',
      ],
    ]);
    // Nothing said: reversed, the items without a value come first (an unfinished job is the latest).
    expect((await found('All pans.'))[0]![0]).toBe('python.nullable-sort-key#none-first');
  });

  it('makes a list.sort() key on a nullable number None-safe (None first in the message)', async () => {
    const source = 'def ranked(players):\n    players.sort(key=lambda p: p.score)\n    return players\n';
    expect(await run(source, 2, "'<' not supported between instances of 'NoneType' and 'int'")).toEqual([
      '    players.sort(key=lambda p: (p.score is None, p.score))',
      '    players.sort(key=lambda p: (p.score is not None, p.score))',
    ]);
  });

  it('puts the items without a value first where the docstring says the ones that never ran come first', async () => {
    const source =
      'def rest_board(dogs):\n    """Most rested first: dogs that never ran, then the oldest last run."""\n' +
      '    return sorted(dogs, key=lambda d: d.last_run_at)\n';
    expect(await run(source, 3, "'<' not supported between instances of 'NoneType' and 'datetime.datetime'")).toEqual([
      '    return sorted(dogs, key=lambda d: (d.last_run_at is not None, d.last_run_at))',
      '    return sorted(dogs, key=lambda d: (d.last_run_at is None, d.last_run_at))',
    ]);
  });

  it('leaves mixed-type comparisons without None, and keys that are not one attribute, alone', async () => {
    const source = 'def ranked(players):\n    return sorted(players, key=lambda p: p.score)\n';
    expect(await run(source, 2, "'<' not supported between instances of 'str' and 'int'")).toEqual([]);
    const computed = 'def ranked(players):\n    return sorted(players, key=lambda p: p.score + p.bonus)\n';
    expect(await run(computed, 2, "'<' not supported between instances of 'NoneType' and 'int'")).toEqual([]);
    const other = 'def ranked(rows, board):\n    return sorted(rows, key=lambda r: board["score"])\n';
    expect(await run(other, 2, "'<' not supported between instances of 'NoneType' and 'int'")).toEqual([]);
  });
});
