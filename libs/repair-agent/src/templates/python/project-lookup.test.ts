import { describe, expect, it } from 'vitest';
import { pythonNoneDeref } from './none-deref.js';
import { candidatesOf } from './test-support/python-context.js';
import { operation } from './test-support/summarise.js';

const router = (lookup: string) =>
  'from fastapi import APIRouter, Depends, HTTPException\nfrom sqlalchemy import select\n\n' +
  'from app.models import Fibre\n\nrouter = APIRouter()\n\n\n' +
  'def get_fibre_or_404(db, fibre_id: int):\n    fibre = db.get(Fibre, fibre_id)\n    if fibre is None:\n' +
  '        raise HTTPException(status_code=404, detail=f"Fibre {fibre_id} not found")\n    return fibre\n\n\n' +
  '@router.get("/fibres/{fibre_id}")\ndef read_fibre(fibre_id: int, db=Depends(get_db)):\n' +
  `    fibre = ${lookup}\n    return {"id": fibre.id, "name": fibre.name}\n`;
const documented404 = operation('GET /fibres/{fibre_id}', { '200': { type: 'object' }, '404': null }, ['fibre_id']);
const run = (lookup: string) =>
  candidatesOf(pythonNoneDeref, {
    files: { 'app/routers/fibres.py': router(lookup) },
    culprit: { file: 'app/routers/fibres.py', line: 19 },
    exception: { type: 'AttributeError', message: "'NoneType' object has no attribute 'id'" },
    operation: documented404,
  });

describe("python.none-deref #project-lookup: the project's lookup-or-404 helper", () => {
  it('reads the row with the helper first, before a raise of its own (a lookup by the wrong column too)', async () => {
    const found = await run('db.scalar(select(Fibre).where(Fibre.code == fibre_id))');
    expect(found.map((f) => f.key)).toEqual(['python.none-deref#project-lookup', 'python.none-deref#raise-404']);
    expect(found[0]!.changed['app/routers/fibres.py']).toBe(router('get_fibre_or_404(db, fibre_id)'));
  });

  it('offers no helper that reads another model', async () => {
    const other = router('db.get(Fibre, fibre_id)').replace(
      'db.get(Fibre, fibre_id)\n    if',
      'db.get(Rope, fibre_id)\n    if',
    );
    const found = await candidatesOf(pythonNoneDeref, {
      files: { 'app/routers/fibres.py': other },
      culprit: { file: 'app/routers/fibres.py', line: 19 },
      exception: { type: 'AttributeError', message: "'NoneType' object has no attribute 'id'" },
      operation: documented404,
    });
    expect(found.map((f) => f.key)).toEqual(['python.none-deref#raise-404']);
  });
});
