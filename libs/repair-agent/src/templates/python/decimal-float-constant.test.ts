import { describe, expect, it } from 'vitest';
import { pythonDecimalFloatConstant } from './decimal-float-constant.js';
import { candidatesOf } from './test-support/python-context.js';

const mixed = (op: string, left: string, right: string) => ({
  type: 'TypeError',
  message: `unsupported operand type(s) for ${op}: '${left}' and '${right}'`,
});
const quotes = (constant: string, total: string) =>
  'from decimal import ROUND_HALF_UP, Decimal\n\n' +
  `${constant}\nCENTS = Decimal("0.01")\n\n\n` +
  'def quote(rope, length_m):\n    fibre_cost = rope.kg * rope.price_per_kg\n' +
  `    labour_cost = LABOUR_PER_METRE * length_m\n${total}` +
  '    return total.quantize(CENTS, rounding=ROUND_HALF_UP)\n';

async function run(source: string, line: number, exception = mixed('+', 'decimal.Decimal', 'float')) {
  const found = await candidatesOf(pythonDecimalFloatConstant, {
    files: { 'app/quotes.py': source },
    culprit: { file: 'app/quotes.py', line },
    exception,
  });
  return found.map((c) => c.changed['app/quotes.py']);
}

describe('python.decimal-float-constant', () => {
  it('makes the float constant a local was made from a Decimal', async () => {
    const source = quotes('LABOUR_PER_METRE = 0.35  # per metre', '    total = fibre_cost + labour_cost\n');
    expect(await run(source, 10)).toEqual([source.replace('= 0.35', '= Decimal("0.35")')]);
  });

  it('makes a constant the failing line names itself a Decimal, dropping its float annotation', async () => {
    const source = quotes('LABOUR_PER_METRE: float = 0.35', '    total = fibre_cost + LABOUR_PER_METRE * length_m\n');
    expect(await run(source, 10)).toEqual([
      source.replace('LABOUR_PER_METRE: float = 0.35', 'LABOUR_PER_METRE = Decimal("0.35")'),
    ]);
  });

  it('leaves a line no float constant feeds, and a module without Decimal', async () => {
    const none = quotes('LABOUR_PER_METRE = 35', '    total = fibre_cost + labour_cost\n');
    expect(await run(none, 10)).toEqual([]);
    const plain = quotes('LABOUR_PER_METRE = 0.35', '    total = fibre_cost + labour_cost\n')
      .replace('from decimal import ROUND_HALF_UP, Decimal\n', '')
      .replace('Decimal("0.01")', '0.01');
    expect(await run(plain, 9)).toEqual([]);
  });
});
