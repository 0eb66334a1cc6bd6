import { describe, expect, it } from 'vitest';
import { pythonDecimalFloatArgument } from './decimal-float-argument.js';
import { candidatesOf } from './test-support/python-context.js';

const conversion = { type: 'TypeError', message: 'conversion from float to Decimal is not supported' };
const module = (constant: string, extra = '') =>
  'from decimal import ROUND_HALF_UP, Decimal\n\n' +
  `${constant}\n\n\ndef compute_yield(juice, kg):\n` +
  `    return (juice / kg).quantize(YIELD_STEP, rounding=ROUND_HALF_UP)\n${extra}`;

async function run(source: string, line = 7) {
  const found = await candidatesOf(pythonDecimalFloatArgument, {
    files: { 'app/pressing.py': source },
    culprit: { file: 'app/pressing.py', line },
    exception: conversion,
  });
  return found.map((c) => c.changed['app/pressing.py']);
}

describe('python.decimal-float-argument', () => {
  it('writes the float module constant a Decimal method takes as the exact Decimal', async () => {
    expect(await run(module('YIELD_STEP = 0.001'))).toEqual([module('YIELD_STEP = Decimal("0.001")')]);
  });

  it('converts at the call when the constant is also used as a float, and a literal operand in place', async () => {
    const shared = module('YIELD_STEP = 0.001', '\n\ndef scaled(x):\n    return x * YIELD_STEP\n');
    expect(await run(shared)).toEqual([shared.replace('quantize(YIELD_STEP,', 'quantize(Decimal(str(YIELD_STEP)),')]);
    const literal = 'from decimal import Decimal\n\n\ndef cents(x):\n    return Decimal(x).quantize(0.01)\n';
    expect(await run(literal, 5)).toEqual([
      'from decimal import Decimal\n\n\ndef cents(x):\n    return Decimal(x).quantize(Decimal("0.01"))\n',
    ]);
  });

  it('leaves a constant that is no float literal, and another TypeError', async () => {
    expect(await run(module('YIELD_STEP = settings.step'))).toEqual([]);
    const other = await candidatesOf(pythonDecimalFloatArgument, {
      files: { 'app/pressing.py': module('YIELD_STEP = 0.001') },
      culprit: { file: 'app/pressing.py', line: 7 },
      exception: { type: 'TypeError', message: "unsupported operand type(s) for +: 'float' and 'decimal.Decimal'" },
    });
    expect(other).toEqual([]);
  });
});
