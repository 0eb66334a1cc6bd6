import { describe, expect, it } from 'vitest';
import { pythonStrValue } from './str-value.js';
import { candidatesOf } from './test-support/python-context.js';

const strValue = { type: 'AttributeError', message: "'str' object has no attribute 'value'" };

async function run(source: string, line: number, exception = strValue) {
  const found = await candidatesOf(pythonStrValue, {
    files: { 'app/service.py': source },
    culprit: { file: 'app/service.py', line },
    exception,
  });
  return found.map((c) => c.changed['app/service.py']?.split('\n')[line - 1]);
}

describe('python.str-value', () => {
  it('reads a string column as is where it was subscripted by its .value', async () => {
    const source = 'def detail(account):\n    return {"side": SIDES[account.type.value], "id": account.id}\n';
    expect(await run(source, 2)).toEqual(['    return {"side": SIDES[account.type], "id": account.id}']);
  });

  it('offers each .value read of the line in turn, a comparison included', async () => {
    const source = 'def is_open(order, wanted):\n    if order.status.value == wanted.value:\n        return True\n';
    expect(await run(source, 2)).toEqual([
      '    if order.status == wanted.value:',
      '    if order.status.value == wanted:',
    ]);
  });

  it('leaves calls, assignments, literals and other attribute errors alone', async () => {
    const call = 'def code(row):\n    return lookup(row).value\n';
    expect(await run(call, 2)).toEqual([]);
    const assign = 'def mark(item):\n    item.value = 3\n';
    expect(await run(assign, 2)).toEqual([]);
    const other = 'def detail(account):\n    return SIDES[account.type.value]\n';
    expect(
      await run(other, 2, { type: 'AttributeError', message: "'NoneType' object has no attribute 'value'" }),
    ).toEqual([]);
    expect(await run(other, 2, { type: 'AttributeError', message: "'str' object has no attribute 'name'" })).toEqual(
      [],
    );
  });
});
