import { describe, expect, it } from 'vitest';
import { pythonDecimalFloatMix } from './decimal-float-mix.js';
import { candidatesOf } from './test-support/python-context.js';

const mixed = (op: string, left: string, right: string) => ({
  type: 'TypeError',
  message: `unsupported operand type(s) for ${op}: '${left}' and '${right}'`,
});

async function run(source: string, line: number, exception: { type: string; message: string }) {
  const found = await candidatesOf(pythonDecimalFloatMix, {
    files: { 'app/service.py': source },
    culprit: { file: 'app/service.py', line },
    exception,
  });
  return found.map((c) => c.changed['app/service.py']);
}

describe('python.decimal-float-mix', () => {
  it('converts a Decimal column added to a float total', async () => {
    const source =
      'def outstanding(fines):\n    total = 0.0\n    for fine in fines:\n        if not fine.paid:\n' +
      '            total += fine.amount  # unpaid only\n    return total\n';
    expect(await run(source, 5, mixed('+=', 'float', 'decimal.Decimal'))).toEqual([
      source.replace('total += fine.amount', 'total += float(fine.amount)'),
    ]);
  });

  it('converts a float subtracted from a Decimal balance exactly, importing Decimal', async () => {
    const source =
      'def settle(account, refunds):\n    for r in refunds:\n        account.balance -= r.rate * r.hours\n' +
      '    return account\n';
    const fixed = source.replace(
      'account.balance -= r.rate * r.hours',
      'account.balance -= Decimal(str(r.rate * r.hours))',
    );
    expect(await run(source, 3, mixed('-=', 'decimal.Decimal', 'float'))).toEqual([
      `from decimal import Decimal\n${fixed}`,
    ]);
  });

  // heldout20 lamproom L08: `stock = stock + payload.quantity`, a Numeric column fed a float payload field.
  it('converts the value a total written out as `total = total + x` (or `-`) is fed', async () => {
    const source =
      'def refill(db, tank, reading):\n    tank.level_litres = tank.level_litres + reading.litres\n' +
      '    db.commit()\n    return tank\n';
    const fixed = source.replace('+ reading.litres', '+ Decimal(str(reading.litres))');
    expect(await run(source, 2, mixed('+', 'decimal.Decimal', 'float'))).toEqual([
      `from decimal import Decimal\n${fixed}`,
    ]);
    const refund = 'def refund(wallet, charge):\n    wallet.balance = wallet.balance - charge.amount  # net\n';
    expect(await run(refund, 2, mixed('-', 'float', 'decimal.Decimal'))).toEqual([
      refund.replace('- charge.amount', '- float(charge.amount)'),
    ]);
  });

  it('leaves a written-out sum of another name, or of several operands, alone', async () => {
    const other = 'def refill(tank, reading):\n    tank.level = tank.capacity + reading.litres\n';
    expect(await run(other, 2, mixed('+', 'decimal.Decimal', 'float'))).toEqual([]);
    const several = 'def refill(tank, a, b):\n    tank.level = tank.level + a.litres + b.litres\n';
    expect(await run(several, 2, mixed('+', 'decimal.Decimal', 'float'))).toEqual([]);
  });

  it('leaves plain binary operations and other operand pairs alone', async () => {
    const binary = 'def total(a, b):\n    return a.amount + b\n';
    expect(await run(binary, 2, mixed('+', 'decimal.Decimal', 'float'))).toEqual([]);
    const other = 'def total(t, s):\n    t += s\n    return t\n';
    expect(await run(other, 2, mixed('+=', 'int', 'str'))).toEqual([]);
  });

  // heldout8 marina M10: `unsupported operand type(s) for *: 'decimal.Decimal' and 'float'`.
  it('makes the float scaling a Decimal exact, on either side, importing Decimal where needed', async () => {
    const source =
      'from decimal import Decimal\n\n\ndef place(payload):\n' +
      '    total = payload.liters * settings.fuel_price_per_liter\n' +
      '    return total.quantize(Decimal("0.01"))\n';
    expect(await run(source, 5, mixed('*', 'decimal.Decimal', 'float'))).toEqual([
      source.replace('* settings.fuel_price_per_liter', '* Decimal(str(settings.fuel_price_per_liter))'),
    ]);
    const divided = 'def share(rate, order):\n    return {"share": rate / order.amount}\n';
    expect(await run(divided, 2, mixed('/', 'float', 'decimal.Decimal'))).toEqual([
      `from decimal import Decimal\n${divided.replace('rate / order', 'Decimal(str(rate)) / order')}`,
    ]);
  });

  it('reads a subscript as an operand: a float tonnage scaling a Decimal price looked up by crop', async () => {
    const source =
      'from decimal import Decimal\n\n\ndef value(net_t, prices, crop):\n' +
      '    return (net_t * prices[crop]).quantize(CENT)\n';
    expect(await run(source, 5, mixed('*', 'float', 'decimal.Decimal'))).toEqual([
      source.replace('(net_t * prices[crop])', '(Decimal(str(net_t)) * prices[crop])'),
    ]);
    const keyed = 'def value(qty, row):\n    return qty * row.rates["eur"]\n';
    expect(await run(keyed, 2, mixed('*', 'decimal.Decimal', 'float'))).toEqual([
      `from decimal import Decimal\n${keyed.replace('row.rates["eur"]', 'Decimal(str(row.rates["eur"]))')}`,
    ]);
    const chained = source.replace('(net_t * prices[crop])', '(net_t * prices[crop] * rate)');
    expect(await run(chained, 5, mixed('*', 'float', 'decimal.Decimal'))).toEqual([]);
  });

  // heldout17 seedswap S03: a Numeric percentage, reached through a relationship, in a chain scaled by 0.01.
  it('makes the float literal of a product chain scaling a Decimal exact, on the side the error gives it', async () => {
    const source =
      'def expected(batch):\n' +
      '    return round(batch.crates * batch.fruit.per_crate * batch.yield_pct * 0.01)  # percent\n';
    expect(await run(source, 2, mixed('*', 'decimal.Decimal', 'float'))).toEqual([
      `from decimal import Decimal\n${source.replace('* 0.01)', '* Decimal("0.01"))')}`,
    ]);
    const divided =
      'from decimal import Decimal\n\n\ndef share(row):\n    share = 1.5 * row.weight / row.total_kg\n' +
      '    return share\n';
    expect(await run(divided, 5, mixed('/', 'float', 'decimal.Decimal'))).toEqual([
      divided.replace('1.5 *', 'Decimal("1.5") *'),
    ]);
  });

  it('leaves a float literal on the wrong side, two float literals, or one outside the product alone', async () => {
    const source = 'def expected(b):\n    return round(b.crates * b.yield_pct * 0.01)\n';
    expect(await run(source, 2, mixed('*', 'float', 'decimal.Decimal'))).toEqual([]);
    const two = 'def expected(b):\n    return round(b.crates * b.yield_pct * 0.01, 2) + 0.5\n';
    expect(await run(two, 2, mixed('*', 'decimal.Decimal', 'float'))).toEqual([]);
    const apart = 'def expected(b):\n    return round(b.crates * b.yield_pct * b.factor, 2) or 0.5\n';
    expect(await run(apart, 2, mixed('*', 'decimal.Decimal', 'float'))).toEqual([]);
    const keyed = 'def expected(b):\n    return b.crates * b.yield_pct * b.rates["0.5"]\n';
    expect(await run(keyed, 2, mixed('*', 'decimal.Decimal', 'float'))).toEqual([]);
  });

  it('makes the float name of a two-name chain with int factors exact (a percentage of a Decimal)', async () => {
    const source =
      'def draw(burn, payload):\n    burn.yield_pct = round(payload.quicklime / burn.limestone * 100, 1)\n';
    expect(await run(source, 2, mixed('/', 'float', 'decimal.Decimal'))).toEqual([
      `from decimal import Decimal\n${source.replace('payload.quicklime /', 'Decimal(str(payload.quicklime)) /')}`,
    ]);
    const right = 'def cost(row, rate):\n    return 100 * row.price / rate\n';
    expect(await run(right, 2, mixed('/', 'decimal.Decimal', 'float'))).toEqual([
      `from decimal import Decimal\n${right.replace('/ rate', '/ Decimal(str(rate))')}`,
    ]);
  });

  it('leaves a product inside a longer arithmetic chain, or two products, alone', async () => {
    const chain = 'def cost(a, b, c):\n    return a.qty * b.price * c\n';
    expect(await run(chain, 2, mixed('*', 'decimal.Decimal', 'float'))).toEqual([]);
    const two = 'def cost(a, b):\n    return a.qty * b.price, a.qty * b.tax\n';
    expect(await run(two, 2, mixed('*', 'decimal.Decimal', 'float'))).toEqual([]);
  });
});
