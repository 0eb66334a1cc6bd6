import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { pythonUniqueConflict } from './unique-conflict.js';
import { candidatesOf } from './test-support/python-context.js';

const router = [
  'from fastapi import APIRouter, HTTPException',
  '',
  'router = APIRouter()',
  '',
  '',
  '@router.post("/towers/{tower_id}/bells", status_code=201)',
  'def add_bell(tower_id: int, payload: BellCreate, db=Depends(get_db)):',
  '    bell = Bell(tower_id=tower_id, **payload.model_dump())',
  '    db.add(bell)',
  '    db.commit()',
  '    return bell',
  '',
].join('\n');
const refused = {
  type: 'sqlalchemy.exc.IntegrityError',
  message: '(sqlite3.IntegrityError) UNIQUE constraint failed: bells.tower_id, bells.note',
};
const operation = (statuses: string[]) =>
  ({
    method: 'POST',
    path: '/towers/{tower_id}/bells',
    endpoint: 'POST /towers/{tower_id}/bells',
    parameters: [],
    responses: statuses.map((status) => ({ status, mediaTypes: ['application/json'] })),
  }) as unknown as ApiOperation;

async function run(source: string, statuses = ['201', '409']) {
  const found = await candidatesOf(pythonUniqueConflict, {
    files: { 'app/bells.py': source, 'app/schemas.py': 'class BellCreate(BaseModel):\n    note: str\n' },
    culprit: { file: 'app/bells.py', line: 10 },
    exception: refused,
    operation: operation(statuses),
  });
  return found.map((c) => c.changed['app/bells.py']);
}

describe('python.unique-conflict', () => {
  it('answers the documented 409 when the unique index refuses the commit', async () => {
    expect(await run(router)).toEqual([
      router
        .replace(
          'from fastapi import APIRouter, HTTPException\n',
          'from fastapi import APIRouter, HTTPException\nfrom sqlalchemy.exc import IntegrityError\n',
        )
        .replace(
          '    db.commit()\n',
          '    try:\n        db.commit()\n    except IntegrityError:\n        db.rollback()\n' +
            '        raise HTTPException(status_code=409, detail=f"note {payload.note} already exists")\n',
        ),
    ]);
  });

  it('leaves an operation documenting no 409, and a commit already in a try', async () => {
    expect(await run(router, ['201', '422'])).toEqual([]);
    const guarded = router.replace('    db.commit()\n', '    try:\n        db.commit()\n    finally:\n        pass\n');
    const found = await candidatesOf(pythonUniqueConflict, {
      files: { 'app/bells.py': guarded },
      culprit: { file: 'app/bells.py', line: 11 },
      exception: refused,
      operation: operation(['201', '409']),
    });
    expect(found).toEqual([]);
  });
});
