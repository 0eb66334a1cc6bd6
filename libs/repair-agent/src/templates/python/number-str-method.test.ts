import { describe, expect, it } from 'vitest';
import { pythonNumberStrMethod } from './number-str-method.js';
import { candidatesOf } from './test-support/python-context.js';

const error = (type: string, name: string) => ({
  type: 'AttributeError',
  message: `'${type}' object has no attribute '${name}'`,
});

async function run(source: string, line: number, exception: { type: string; message: string }) {
  const found = await candidatesOf(pythonNumberStrMethod, {
    files: { 'app/service.py': source },
    culprit: { file: 'app/service.py', line },
    exception,
  });
  return found.map((c) => c.changed['app/service.py']?.split('\n')[line - 1]);
}

describe('python.number-str-method', () => {
  it('pads an integer id as text inside a keyword argument', async () => {
    const source =
      'def invoice_for(appointment):\n' +
      '    return Invoice(number="INV-" + appointment.id.zfill(5), amount=appointment.fee)\n';
    expect(await run(source, 2, error('int', 'zfill'))).toEqual([
      '    return Invoice(number="INV-" + str(appointment.id).zfill(5), amount=appointment.fee)',
    ]);
  });

  it('tests a float as text in a condition', async () => {
    const source = 'def is_round(total):\n    if total.endswith(".0"):\n        return True\n    return False\n';
    expect(await run(source, 2, error('float', 'endswith'))).toEqual(['    if str(total).endswith(".0"):']);
  });

  it('leaves methods strings do not have, other receivers and calls on call results alone', async () => {
    const source = 'def add(count, item):\n    count.append(item)\n';
    expect(await run(source, 2, error('int', 'append'))).toEqual([]);
    const listed = 'def code(row):\n    return row.code.zfill(4)\n';
    expect(await run(listed, 2, error('list', 'zfill'))).toEqual([]);
    const called = 'def code(row):\n    return total(row).zfill(4)\n';
    expect(await run(called, 2, error('int', 'zfill'))).toEqual([]);
  });
});
