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
