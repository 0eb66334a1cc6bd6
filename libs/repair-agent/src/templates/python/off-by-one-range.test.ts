import { describe, expect, it } from 'vitest';
import { pythonOffByOneRange } from './off-by-one-range.js';
import { candidatesOf } from './test-support/python-context.js';

const indexError = { type: 'IndexError', message: 'list index out of range' };

async function run(source: string, line: number, exception = indexError) {
  const found = await candidatesOf(pythonOffByOneRange, {
    files: { 'app/service.py': source },
    culprit: { file: 'app/service.py', line },
    exception,
  });
  return found.map((c) => c.changed['app/service.py']);
}

describe('python.off-by-one-range', () => {
  it('stops a comprehension over neighbours one short of the end', async () => {
    const source = [
      'def history(repo, pet_id):',
      '    doses = repo.vaccinations(pet_id)',
      '    gaps = [(doses[i + 1].given_on - doses[i].given_on).days for i in range(len(doses))]',
      '    return {"gaps": gaps}',
      '',
    ].join('\n');
    expect(await run(source, 3)).toEqual([source.replace('range(len(doses))', 'range(len(doses) - 1)')]);
  });

  it('drops the + 1 of an enclosing for statement from 0 that reads self.items[i]', async () => {
    const source = [
      'class Report:',
      '    def ranks(self):',
      '        out = []',
      '        for idx in range(0, len(self.items) + 1):',
      '            if idx % 2:',
      '                out.append(self.items[idx].title)',
      '        return out',
      '',
    ].join('\n');
    expect(await run(source, 6)).toEqual([
      source.replace('range(0, len(self.items) + 1)', 'range(0, len(self.items))'),
    ]);
  });

  it('tightens a for statement whose body reads the next row', async () => {
    const source =
      'def deltas(rows):\n    out = []\n    for i in range(len(rows)):\n' +
      '        out.append(rows[i + 1].total - rows[i].total)\n    return out\n';
    expect(await run(source, 4)).toEqual([source.replace('range(len(rows))', 'range(len(rows) - 1)')]);
  });

  it('leaves a range over another sequence, a bound already tight, and other IndexErrors alone', async () => {
    const other = 'def pairs(a, b):\n    return [a[i + 1] - b[i] for i in range(len(b))]\n';
    expect(await run(other, 2)).toEqual([]);
    const tight = 'def gaps(xs):\n    return [xs[i + 1] - xs[i] for i in range(len(xs) - 1)]\n';
    expect(await run(tight, 2)).toEqual([]);
    const oneBased = 'def ranks(xs):\n    return [f"{i}. {xs[i]}" for i in range(1, len(xs) + 1)]\n';
    expect(await run(oneBased, 2)).toEqual([]);
    const empty = 'def first(xs):\n    return xs[0]\n';
    expect(await run(empty, 2)).toEqual([]);
    const popped = 'def gaps(xs):\n    return [xs[i + 1] for i in range(len(xs))]\n';
    expect(await run(popped, 2, { type: 'IndexError', message: 'pop from empty list' })).toEqual([]);
  });
});
