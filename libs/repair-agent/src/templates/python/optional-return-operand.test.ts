import { describe, expect, it } from 'vitest';
import { pythonOptionalReturnOperand } from './optional-return-operand.js';
import { candidatesOf } from './test-support/python-context.js';

const service = (signature: string, body: string) =>
  ['from app.models import Coupe', '', '', `def ${signature}:`, `    ${body}`, ''].join('\n');
const message = (left: string, right: string) => `unsupported operand type(s) for +: '${left}' and '${right}'`;

async function run(source: string, text = message('NoneType', 'int')) {
  const found = await candidatesOf(pythonOptionalReturnOperand, {
    files: { 'app/services/coupes.py': source },
    culprit: { file: 'app/services/coupes.py', line: 5 },
    exception: { type: 'TypeError', message: text },
  });
  return found.map((c) => c.changed['app/services/coupes.py']);
}

describe('python.optional-return-operand', () => {
  it('returns None before the arithmetic when the None side is an attribute (either side)', async () => {
    const body = 'return coupe.last_cut_year + coupe.rotation_years';
    const guarded = (operand: string) =>
      service('_due_year(coupe: Coupe) -> int | None', `if ${operand} is None:\n        return None\n    ${body}`);
    expect(await run(service('_due_year(coupe: Coupe) -> int | None', body))).toEqual([guarded('coupe.last_cut_year')]);
    expect(await run(service('_due_year(coupe: Coupe) -> Optional[int]', body), message('int', 'NoneType'))).toEqual([
      guarded('coupe.rotation_years').replace('int | None', 'Optional[int]'),
    ]);
  });

  it('leaves a function that never returns None, a call operand, and two operators alone', async () => {
    expect(await run(service('_due_year(coupe: Coupe) -> int', 'return coupe.last_cut_year + 5'))).toEqual([]);
    expect(await run(service('f(coupe) -> int | None', 'return latest(coupe) + 5'))).toEqual([]);
    expect(await run(service('f(c) -> int | None', 'return c.a + c.b + 1'))).toEqual([]);
  });
});
