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
  // The failing test asserts the 409's words: a detail of the template's own would fail it.
  const testFile = (asserts: string) =>
    'def test_duplicate(client):\n    payload = {"note": "D4"}\n' +
    '    response = client.post("/towers/1/bells", json=payload)\n' +
    `    assert response.status_code == 409\n${asserts}`;
  const testCase = async (asserts: string) => {
    const found = await candidatesOf(pythonUniqueConflict, {
      files: { 'app/bells.py': router, 'tests/test_bells.py': testFile(asserts) },
      culprit: { file: 'app/bells.py', line: 10 },
      exception: refused,
      cause: {
        kind: 'test_failure',
        violations: [{ nodeid: 'tests/test_bells.py::test_duplicate', traces: [] }] as never,
        trace: { frames: [{ file: 'tests/test_bells.py', line: 3, inApp: true }] } as never,
      },
    });
    return found.map((c) => /detail=(.*)\)\n/.exec(c.changed['app/bells.py']!)?.[1]);
  };

  it('answers in the words the failing test asserts for the request (whole body or the detail field)', async () => {
    expect(await testCase('    assert response.json() == {"detail": "Note already cast"}\n')).toEqual([
      '"Note already cast"',
    ]);
    expect(await testCase("    assert response.json()['detail'] == 'Note already cast'\n")).toEqual([
      '"Note already cast"',
    ]);
  });

  it("keeps its own words when the test asserts only the status, or another response's detail", async () => {
    expect(await testCase('    assert len(response.json()) == 1\n')).toEqual(['"note already exists"']);
    const other = '    response = client.get("/towers/1")\n    assert response.json() == {"detail": "Tower 1"}\n';
    expect(await testCase(other)).toEqual(['"note already exists"']);
  });
});
