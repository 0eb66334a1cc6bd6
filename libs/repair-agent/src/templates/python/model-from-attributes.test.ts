import { describe, expect, it } from 'vitest';
import { pythonModelFromAttributes } from './model-from-attributes.js';
import { candidatesOf } from './test-support/python-context.js';

// heldout8 marina M9, as the server logged it (the trace's message is the first line).
const failure = { type: 'pydantic_core._pydantic_core.ValidationError', message: '1 validation error for BerthOut' };
const service =
  'from app.schemas import BerthOut\n\n\ndef list_berths(repo):\n' +
  '    return [BerthOut.model_validate(b) for b in repo.list()]\n';

async function run(schemas: string, call = service, exception = failure) {
  const found = await candidatesOf(pythonModelFromAttributes, {
    files: { 'app/schemas.py': schemas, 'app/service.py': call },
    culprit: { file: 'app/service.py', line: 5 },
    exception,
  });
  return found.map((c) => c.changed['app/schemas.py']);
}

describe('python.model-from-attributes', () => {
  it('gives the model the error names a model_config reading attributes, importing ConfigDict', async () => {
    const schemas =
      'from pydantic import BaseModel, Field\n\n\nclass BerthOut(BaseModel):\n    id: int\n' +
      '    code: str = Field(min_length=1)\n';
    expect(await run(schemas)).toEqual([
      'from pydantic import BaseModel, ConfigDict, Field\n\n\nclass BerthOut(BaseModel):\n' +
        '    model_config = ConfigDict(from_attributes=True)\n\n    id: int\n' +
        '    code: str = Field(min_length=1)\n',
    ]);
  });

  it('adds from_attributes to an existing ConfigDict of a model under a project base, past its docstring', async () => {
    const schemas =
      'from pydantic import BaseModel, ConfigDict\n\n\nclass Out(BaseModel):\n    pass\n\n\n' +
      'class BerthOut(Out):\n    """A berth."""\n    model_config = ConfigDict(populate_by_name=True)\n' +
      '    id: int\n';
    expect(await run(schemas)).toEqual([
      schemas.replace('ConfigDict(populate_by_name', 'ConfigDict(from_attributes=True, populate_by_name'),
    ]);
    const bare =
      'from pydantic import BaseModel\n\n\nclass BerthOut(BaseModel):\n    """A berth,\n    as listed."""\n' +
      '    id: int\n';
    expect(await run(bare)).toEqual([
      'from pydantic import BaseModel, ConfigDict\n\n\nclass BerthOut(BaseModel):\n    """A berth,\n' +
        '    as listed."""\n\n    model_config = ConfigDict(from_attributes=True)\n    id: int\n',
    ]);
  });

  it('renames a v1 Config orm_mode, which pydantic v2 ignores, from_attributes', async () => {
    const schemas =
      'from pydantic import BaseModel\n\n\nclass BerthOut(BaseModel):\n    id: int\n\n' +
      '    class Config:\n        orm_mode = True\n';
    expect(await run(schemas)).toEqual([schemas.replace('orm_mode', 'from_attributes')]);
    // heldout17 seedswap S04's shape: the model validated as one keyword of a multi-line constructor call.
    const summary =
      'from app.schemas import BerthOut, Summary\n\n\ndef summary(berth, boats):\n' +
      '    return Summary(\n        berth=BerthOut.model_validate(berth),\n        boats=boats,\n    )\n';
    const commented = schemas.replace('class Config:\n', 'class Config:\n        # v1 style\n');
    const found = await candidatesOf(pythonModelFromAttributes, {
      files: { 'app/schemas.py': commented, 'app/service.py': summary },
      culprit: { file: 'app/service.py', line: 6 },
      exception: failure,
    });
    expect(found.map((c) => c.changed['app/schemas.py'])).toEqual([commented.replace('orm_mode', 'from_attributes')]);
  });

  it('leaves a v1 Config without a true orm_mode, or with from_attributes already, alone', async () => {
    const config = (keys: string) =>
      'from pydantic import BaseModel\n\n\nclass BerthOut(BaseModel):\n    id: int\n\n' + `    class Config:\n${keys}`;
    expect(await run(config('        allow_population_by_field_name = True\n'))).toEqual([]);
    expect(await run(config('        orm_mode = False\n'))).toEqual([]);
    expect(await run(config('        orm_mode = True\n        from_attributes = True\n'))).toEqual([]);
    expect(await run(config('        extra = "forbid"\n\n    orm_mode = True\n'))).toEqual([]);
  });

  it('reads the model validated through its module (schemas.BerthOut) the same', async () => {
    const schemas = 'from pydantic import BaseModel\n\n\nclass BerthOut(BaseModel):\n    id: int\n';
    const qualified = service
      .replace('from app.schemas import BerthOut', 'from app import schemas')
      .replace('BerthOut.model_validate', 'schemas.BerthOut.model_validate');
    expect(await run(schemas, qualified)).toEqual([
      'from pydantic import BaseModel, ConfigDict\n\n\nclass BerthOut(BaseModel):\n' +
        '    model_config = ConfigDict(from_attributes=True)\n\n    id: int\n',
    ]);
    expect(await run(schemas, qualified.replace('model_validate(b)', 'model_validate({"id": b})'))).toEqual([]);
    expect(await run(schemas, qualified.replace('schemas.BerthOut.', 'schemas.BoatOut.'))).toEqual([]);
  });

  it('leaves a dict validated, a model already reading attributes, another class and a plain class alone', async () => {
    const schemas = 'from pydantic import BaseModel\n\n\nclass BerthOut(BaseModel):\n    id: int\n';
    expect(await run(schemas, service.replace('model_validate(b)', 'model_validate({"id": b})'))).toEqual([]);
    expect(await run(schemas, service.replace('BerthOut.model_validate', 'BoatOut.model_validate'))).toEqual([]);
    expect(
      await run(schemas.replace('    id: int', '    model_config = ConfigDict(from_attributes=True)\n    id: int')),
    ).toEqual([]);
    expect(await run('class BerthOut:\n    id: int\n')).toEqual([]);
  });
});
