import { describe, expect, it } from 'vitest';
import { pythonAliasPopulateByName } from './alias-populate-by-name.js';
import { candidatesOf } from './test-support/python-context.js';

const schemas = [
  'from pydantic import BaseModel, ConfigDict',
  'from pydantic.alias_generators import to_camel',
  '',
  '',
  'class ShipmentOut(BaseModel):',
  '    model_config = ConfigDict(alias_generator=to_camel, from_attributes=True)',
  '',
  '    id: int',
  '    order_id: int',
  '',
  '',
  'class LabelOut(BaseModel):',
  '    model_config = ConfigDict(',
  '        alias_generator=to_camel,',
  '    )',
  '',
  '    tracking_code: str',
  '',
  '',
  'class PlainOut(BaseModel):',
  '    model_config = ConfigDict(from_attributes=True)',
  '',
  '    order_id: int',
  '',
].join('\n');

async function run(source: string, message: string) {
  const found = await candidatesOf(pythonAliasPopulateByName, {
    files: { 'app/schemas.py': source },
    exception: { type: 'pydantic_core._pydantic_core.ValidationError', message },
  });
  return found.map((c) => c.changed['app/schemas.py']!.split('\n').find((l, i) => l !== source.split('\n')[i]));
}

describe('python.alias-populate-by-name', () => {
  it('lets a from_attributes model with an alias generator be filled by field name', async () => {
    expect(await run(schemas, '2 validation errors for ShipmentOut')).toEqual([
      '    model_config = ConfigDict(populate_by_name=True, alias_generator=to_camel, from_attributes=True)',
    ]);
  });

  it('adds the option to a multi-line ConfigDict', async () => {
    expect(await run(schemas, '1 validation error for LabelOut')).toEqual(['        populate_by_name=True,']);
  });

  it('leaves a model without an alias generator, or one already populated by name, alone', async () => {
    expect(await run(schemas, '1 validation error for PlainOut')).toEqual([]);
    const populated = schemas.replace(
      'ConfigDict(alias_generator=to_camel, from_attributes=True)',
      'ConfigDict(alias_generator=to_camel, populate_by_name=True, from_attributes=True)',
    );
    expect(await run(populated, '2 validation errors for ShipmentOut')).toEqual([]);
  });
});
