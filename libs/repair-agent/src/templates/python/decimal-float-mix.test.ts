import { describe, expect, it } from 'vitest';
import { pythonDecimalFloatMix } from './decimal-float-mix.js';
import { candidatesOf } from './test-support/python-context.js';

const mixed = (op: string, left: string, right: string) => ({ type: 'TypeError', message: `unsupported operand type(s) for ${op}: '${left}' and '${right}'` });

async function run(source: string, line: number, exception: { type: string; message: string }) {
  const found = await candidatesOf(pythonDecimalFloatMix, { files: { 'app/service.py': source }, culprit: { file: 'app/service.py', line }, exception });
  return found.map((c) => c.changed['app/service.py']);
}

describe('python.decimal-float-mix', () => {
  it('converts a Decimal column added to a float total', async () => {
    const source = 'def outstanding(fines):\n    total = 0.0\n    for fine in fines:\n        if not fine.paid:\n            total += fine.amount  # unpaid only\n    return total\n';
    expect(await run(source, 5, mixed('+=', 'float', 'decimal.Decimal'))).toEqual([source.replace('total += fine.amount', 'total += float(fine.amount)')]);
  });

  it('converts a float subtracted from a Decimal balance exactly, importing Decimal', async () => {
    const source = 'def settle(account, refunds):\n    for r in refunds:\n        account.balance -= r.rate * r.hours\n    return account\n';
    expect(await run(source, 3, mixed('-=', 'decimal.Decimal', 'float'))).toEqual([
      `from decimal import Decimal\n${source.replace('account.balance -= r.rate * r.hours', 'account.balance -= Decimal(str(r.rate * r.hours))')}`,
    ]);
  });

  it('leaves plain binary operations and other operand pairs alone', async () => {
    const binary = 'def total(a, b):\n    return a.amount + b\n';
    expect(await run(binary, 2, mixed('+', 'decimal.Decimal', 'float'))).toEqual([]);
    const other = 'def total(t, s):\n    t += s\n    return t\n';
    expect(await run(other, 2, mixed('+=', 'int', 'str'))).toEqual([]);
  });
});
