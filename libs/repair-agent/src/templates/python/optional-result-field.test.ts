import { describe, expect, it } from 'vitest';
import { pythonOptionalResultField } from './optional-result-field.js';
import { candidatesOf } from './test-support/python-context.js';

const schemas = `from datetime import date
from typing import Optional

from pydantic import BaseModel


class HerdDetail(BaseModel):
    name: str
    current_pasture: str | None = None
    grazing_since: Optional[date] = None
    head: int
`;
const route = (lookup: string, response: string) => `def get_herd(herd_id: int, db):
    herd = db.get(Herd, herd_id)
    if herd is None:
        raise HTTPException(status_code=404)
    current = ${lookup}
    return HerdDetail(
        name=herd.name,
${response}
    )
`;
const open = 'db.scalars(select(Turnout).where(Turnout.herd_id == herd.id)).first()';
const fields = '        current_pasture=current.pasture.name,\n        grazing_since=current.start_date,';

async function run(source: string, line = 8) {
  const found = await candidatesOf(pythonOptionalResultField, {
    files: { 'app/schemas.py': schemas, 'app/herds.py': source },
    culprit: { file: 'app/herds.py', line },
    exception: { type: 'AttributeError', message: "'NoneType' object has no attribute 'pasture'" },
  });
  return found.map((c) => c.changed['app/herds.py']);
}

describe('python.optional-result-field', () => {
  it("answers None for every nullable field read off a secondary query's missing row", async () => {
    const guarded =
      '        current_pasture=current.pasture.name if current is not None else None,\n' +
      '        grazing_since=current.start_date if current is not None else None,';
    expect(await run(route(open, fields))).toEqual([route(open, guarded)]);
  });

  it('guards a one-line constructor too', async () => {
    const oneLine = (value: string) =>
      'def get_herd(herd_id: int, db):\n    herd = db.get(Herd, herd_id)\n' +
      `    current = ${open}\n    return HerdDetail(name=herd.name, current_pasture=${value}, head=3)\n`;
    expect(await run(oneLine('current.pasture.name'), 4)).toEqual([
      oneLine('current.pasture.name if current is not None else None'),
    ]);
  });

  it('leaves a lookup by the request id, a required field, and a row checked for None alone', async () => {
    expect(await run(route('db.scalars(select(Turnout).where(Turnout.id == herd_id)).first()', fields))).toEqual([]);
    expect(await run(route(open, fields.replace('grazing_since=current.start_date', 'head=current.head')))).toEqual([]);
    const checked = route(open, fields).replace(
      '    return HerdDetail(',
      '    if current is None:\n        pass\n    return HerdDetail(',
    );
    expect(await run(checked)).toEqual([]);
  });
});
