import { describe, expect, it } from 'vitest';
import { pythonFrozenModelAssign } from './frozen-model-assign.js';
import { candidatesOf } from './test-support/python-context.js';

const schemas = (config: string) =>
  'from pydantic import BaseModel, ConfigDict\n\n\nclass GraftCreate(BaseModel):\n' +
  `    model_config = ConfigDict(${config})\n\n` +
  '    grafter: str\n    cultivar_id: int\n';
const service =
  'def create_graft(db, payload: GraftCreate):\n    payload.grafter = " ".join(payload.grafter.split()).title()\n' +
  '    return Graft(**payload.model_dump())\n';
const frozen = { type: 'pydantic_core._pydantic_core.ValidationError', message: '1 validation error for GraftCreate' };

async function run(config: string, message = frozen.message) {
  const found = await candidatesOf(pythonFrozenModelAssign, {
    files: { 'app/schemas.py': schemas(config), 'app/grafts.py': service },
    culprit: { file: 'app/grafts.py', line: 2 },
    exception: { ...frozen, message },
  });
  return found.map((c) => c.changed['app/grafts.py']);
}

describe('python.frozen-model-assign', () => {
  it("rebinds a frozen model to a copy with the field updated, keeping the value's expression", async () => {
    expect(await run('frozen=True')).toEqual([
      service.replace(
        '    payload.grafter = " ".join(payload.grafter.split()).title()\n',
        '    payload = payload.model_copy(update={"grafter": " ".join(payload.grafter.split()).title()})\n',
      ),
    ]);
  });

  it('leaves a model that is not frozen, and an error naming another model', async () => {
    expect(await run('str_strip_whitespace=True')).toEqual([]);
    expect(await run('frozen=True', '1 validation error for GraftOut')).toEqual([]);
  });
});
