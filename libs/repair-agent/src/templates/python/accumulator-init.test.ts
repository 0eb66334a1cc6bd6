import { describe, expect, it } from 'vitest';
import { pythonAccumulatorInit } from './accumulator-init.js';
import { candidatesOf } from './test-support/python-context.js';

const report = (loop: string[], start = 'totals: dict[str, dict] = {}') =>
  [
    'def product_totals(rows):',
    `    ${start}`,
    '    for h in rows:',
    ...loop.map((l) => `        ${l}`),
    '    return totals',
    '',
  ].join('\n');

async function run(source: string) {
  const found = await candidatesOf(pythonAccumulatorInit, {
    files: { 'app/reports.py': source },
    culprit: { file: 'app/reports.py', line: 4 },
    exception: { type: 'KeyError', message: "'hurdles'" },
  });
  return found.map((c) => c.changed['app/reports.py']);
}

describe('python.accumulator-init', () => {
  it('makes the entry on first use with what the loop accumulates into it', async () => {
    const loop = ['entry = totals[h.product]', 'entry["quantity"] += h.quantity', 'entry["names"].append(h.name)'];
    expect(await run(report(loop))).toEqual([
      report(['entry = totals.setdefault(h.product, {"quantity": 0, "names": []})', ...loop.slice(1)]),
    ]);
  });

  it('counts and appends into a dict started empty', async () => {
    expect(await run(report(['totals[h.product] += h.quantity']))).toEqual([
      report(['totals[h.product] = totals.get(h.product, 0) + h.quantity']),
    ]);
    expect(await run(report(['totals[h.product].append(h)'], 'totals = dict()'))).toEqual([
      report(['totals.setdefault(h.product, []).append(h)'], 'totals = dict()'),
    ]);
  });

  it('leaves a dict not started empty here, and an entry read for a key it never accumulates', async () => {
    expect(await run(report(['totals[h.product] += h.quantity'], 'totals = load_totals()'))).toEqual([]);
    const reads = ['entry = totals[h.product]', 'entry["quantity"] += h.quantity', 'print(entry["unit"])'];
    expect(await run(report(reads))).toEqual([]);
  });
});
