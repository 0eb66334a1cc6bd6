import { describe, expect, it } from 'vitest';
import { pythonModelRequiredField } from './model-required-field.js';
import { candidatesOf } from './test-support/python-context.js';

const schemas = `from decimal import Decimal

from pydantic import BaseModel, Field


class QuoteOut(BaseModel):
    kiln_id: int
    fuel: Decimal
    total: Decimal = Field(description="fuel plus labour")
    currency: str = "EUR"


class Base(BaseModel):
    firing_id: int


class FiringReport(Base):
    hours: float
`;
const models = `class Kiln:
    id: int
    name: str


class Firing:
    id: int
    kiln_id: int
    hours: float
`;
const files = (service: string) => ({ 'app/schemas.py': schemas, 'app/models.py': models, 'app/services.py': service });
const header = 'from app.models import Firing, Kiln\nfrom app.schemas import FiringReport, QuoteOut\n\n\n';
const error = (model: string) => ({ type: 'ValidationError', message: `1 validation error for ${model}` });

async function run(body: string, line: number, model: string, exception = error(model)) {
  const found = await candidatesOf(pythonModelRequiredField, {
    files: files(header + body),
    culprit: { file: 'app/services.py', line },
    exception,
  });
  return found.map((f) => f.changed['app/services.py']?.slice(header.length));
}

describe('python.model-required-field', () => {
  it('passes the id of the entity a `<noun>_id` field names, in a multi-line call', async () => {
    const body =
      'def quote(kiln: Kiln) -> QuoteOut:\n    fuel = kiln_fuel(kiln)\n    return QuoteOut(\n' +
      '        fuel=fuel,\n        total=fuel * 2,\n    )\n';
    expect(await run(body, 7, 'QuoteOut')).toEqual([
      body.replace('total=fuel * 2,\n', 'total=fuel * 2,\n        kiln_id=kiln.id,\n'),
    ]);
  });

  it('passes the same-named attribute of a local entity, for an inherited field', async () => {
    const body =
      'def report(db, key: int):\n    firing = db.get(Firing, key)\n    return FiringReport(hours=firing.hours)\n';
    expect(await run(body, 7, 'FiringReport')).toEqual([
      body.replace('FiringReport(hours=firing.hours)', 'FiringReport(hours=firing.hours, firing_id=firing.id)'),
    ]);
  });

  it('passes a parameter that is the field itself', async () => {
    const body = 'def quote(kiln_id: int, fuel) -> QuoteOut:\n    return QuoteOut(fuel=fuel, total=fuel)\n';
    expect(await run(body, 6, 'QuoteOut')).toEqual([body.replace('total=fuel)', 'total=fuel, kiln_id=kiln_id)')]);
  });

  it('leaves the call alone when two values in scope could be the field, or it spreads a dict', async () => {
    const two = 'def compare(kiln: Kiln, other: Kiln, fuel) -> QuoteOut:\n    return QuoteOut(fuel=fuel, total=fuel)\n';
    expect(await run(two, 6, 'QuoteOut')).toEqual([]);
    const firing =
      'def quote(firing: Firing, kiln: Kiln, fuel) -> QuoteOut:\n    return QuoteOut(fuel=fuel, total=fuel)\n';
    expect(await run(firing, 6, 'QuoteOut')).toEqual([]);
    const spread = 'def quote(kiln: Kiln, data: dict) -> QuoteOut:\n    return QuoteOut(**data)\n';
    expect(await run(spread, 6, 'QuoteOut')).toEqual([]);
  });

  it('passes only the fields the ValidationError names `Field required`, not all the class declares', async () => {
    // `total` is filled by a validator of the model: pydantic does not report it.
    const body = 'def quote(kiln: Kiln, fuel, total) -> QuoteOut:\n    return QuoteOut(fuel=fuel)\n';
    const named = {
      type: 'ValidationError',
      message:
        '1 validation error for QuoteOut\nkiln_id\n  Field required [type=missing, input_value={}, input_type=dict]',
    };
    expect(await run(body, 6, 'QuoteOut', named)).toEqual([
      body.replace('(fuel=fuel)', '(fuel=fuel, kiln_id=kiln.id)'),
    ]);
  });

  it('takes no local the function assigns only after the call', async () => {
    const body =
      'def quote(fuel) -> QuoteOut:\n    out = QuoteOut(fuel=fuel, total=fuel)\n    kiln_id = 3\n    return out\n';
    expect(await run(body, 6, 'QuoteOut')).toEqual([]);
    const before = body
      .replace('    kiln_id = 3\n', '')
      .replace('(fuel) -> QuoteOut:\n', '(fuel) -> QuoteOut:\n    kiln_id = 3\n');
    expect(await run(before, 7, 'QuoteOut')).toEqual([before.replace('total=fuel)', 'total=fuel, kiln_id=kiln_id)')]);
  });

  it('completes the model call, not a longer-named call around it on the same line', async () => {
    const body = 'def quote(kiln: Kiln, fuel):\n    return KilnQuoteOut(quote=QuoteOut(fuel=fuel, total=fuel))\n';
    expect(await run(body, 6, 'QuoteOut')).toEqual([body.replace('total=fuel))', 'total=fuel, kiln_id=kiln.id))')]);
  });

  it('leaves a call that passes every required field alone (a value is invalid, not missing)', async () => {
    const body = 'def quote(kiln: Kiln) -> QuoteOut:\n    return QuoteOut(kiln_id=kiln.id, fuel="x", total=1)\n';
    expect(await run(body, 6, 'QuoteOut')).toEqual([]);
  });
});
