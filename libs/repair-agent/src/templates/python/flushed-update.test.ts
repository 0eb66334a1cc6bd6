import { describe, expect, it } from 'vitest';
import { pythonFlushedUpdate } from './flushed-update.js';
import { candidatesOf } from './test-support/python-context.js';

const router = (update: string) =>
  'from fastapi import APIRouter, Depends, HTTPException\nfrom sqlalchemy.orm import Session\n\n' +
  'from app.db import get_db\nfrom app.models import Member\nfrom app.schemas import MemberCreate, MemberUpdate\n\n' +
  'router = APIRouter(prefix="/members")\n\n\n' +
  '@router.post("", status_code=201)\ndef create_member(payload: MemberCreate, db: Session = Depends(get_db)):\n' +
  '    member = Member(**payload.model_dump())\n    db.add(member)\n    db.commit()\n    db.refresh(member)\n' +
  '    return member\n\n\n' +
  '@router.patch("/{member_id}")\n' +
  'def update_member(member_id: int, payload: MemberUpdate, db: Session = Depends(get_db)):\n' +
  '    member = db.get(Member, member_id)\n    if member is None:\n' +
  '        raise HTTPException(status_code=404, detail="Member not found")\n' +
  '    for field, value in payload.model_dump(exclude_unset=True).items():\n        setattr(member, field, value)\n' +
  `${update}    db.refresh(member)\n    return member\n`;
const db = (dependency: string) =>
  'from sqlalchemy.orm import sessionmaker\n\nSessionLocal = sessionmaker()\n\n\n' +
  `def get_db():\n    db = SessionLocal()\n    try:\n        yield db\n${dependency}    finally:\n        db.close()\n`;
// pytest's report of a second PATCH that shows the first change undone (test-command mode).
const cause = {
  kind: 'test_failure',
  endpoints: ['PATCH /members/{member_id}'],
  violations: [
    {
      endpoint: 'PATCH /members/{member_id}',
      nodeid: 'tests/test_members.py::test_update_member_grade_is_persisted',
      actualStatus: null,
      message: "AssertionError: assert {'email': 'to... 'id': 2, ...} == {'email': 'to... 'id': 2, ...}",
      responseExcerpt: '',
    },
  ],
} as never;
const run = (update: string, dependency = '') =>
  candidatesOf(pythonFlushedUpdate, {
    files: { 'app/routers/members.py': router(update), 'app/db.py': db(dependency), 'app/models.py': '' },
    cause,
  });

describe('python.flushed-update', () => {
  it('commits an update that only flushes, as the create beside it commits', async () => {
    const found = await run('    db.flush()\n');
    expect(found.map((f) => f.key)).toEqual(['python.flushed-update']);
    expect(found[0]!.changed['app/routers/members.py']).toBe(router('    db.commit()\n'));
  });

  it('leaves an update that commits, and a project whose session dependency commits', async () => {
    expect(await run('    db.commit()\n')).toEqual([]);
    expect(await run('    db.flush()\n', '        db.commit()\n')).toEqual([]);
  });

  // A test that PATCHes, then reads the record back and sees the old value: the cause names the GET.
  const readBack = {
    kind: 'test_failure',
    endpoints: ['GET /members/{member_id}'],
    violations: [
      {
        endpoint: 'GET /members/{member_id}',
        nodeid: 'tests/test_members.py::test_update_is_persisted',
        actualStatus: null,
        message: "AssertionError: assert 'active' == 'dormant'",
        responseExcerpt: '',
      },
    ],
  } as never;
  const getter =
    '\n\n@router.get("/{member_id}")\ndef get_member(member_id: int, db: Session = Depends(get_db)):\n' +
    '    return db.get(Member, member_id)\n';
  const suite = (body: string) =>
    'API = "/api"\n\n\ndef test_update_is_persisted(client):\n' +
    `${body}    again = client.get(f"{API}/members/1")\n    assert again.json()["grade"] == "gold"\n\n\n` +
    'def test_other(client):\n    client.patch(f"{API}/members/2", json={})\n';
  const readRun = (update: string, body: string) =>
    candidatesOf(pythonFlushedUpdate, {
      files: {
        'app/routers/members.py': router(update).replace('prefix="/members"', 'prefix="/api/members"') + getter,
        'app/db.py': db(''),
        'app/models.py': '',
        'tests/test_members.py': suite(body),
      },
      cause: readBack,
    });

  it('follows the write a read-back test made before the GET it failed on', async () => {
    const found = await readRun('    db.flush()\n', '    client.patch(f"{API}/members/1", json={"grade": "gold"})\n');
    expect(found.map((f) => f.key)).toEqual(['python.flushed-update']);
    expect(found[0]!.changed['app/routers/members.py']).toContain('    db.commit()\n    db.refresh(member)\n');
    // A literal path works as well as one opening with the module's path constant.
    const literal = await readRun('    db.flush()\n', '    client.patch("/api/members/1", json={"grade": "gold"})\n');
    expect(literal.map((f) => f.key)).toEqual(['python.flushed-update']);
  });

  it("leaves a read-back test that made no write of its own (another test's write is not followed)", async () => {
    expect(await readRun('    db.flush()\n', '    client.post(f"{API}/audit", json={})\n')).toEqual([]);
    expect(await readRun('    db.flush()\n', '')).toEqual([]);
  });

  // The handler hands the write to its service's namesake (`members.update_member(db, …)` in `update_member`).
  const namesake = (service: string) =>
    candidatesOf(pythonFlushedUpdate, {
      files: {
        'app/routers/members.py':
          router('    db.commit()\n').split('@router.patch')[0] +
          'from app.services import members\n\n\n@router.patch("/{member_id}")\n' +
          'def update_member(member_id: int, payload: MemberUpdate, db: Session = Depends(get_db)):\n' +
          '    member = db.get(Member, member_id)\n    return members.update_member(db, member, payload)\n',
        'app/services/members.py':
          'def update_member(db, member, payload):\n' +
          '    for key, value in payload.model_dump(exclude_unset=True).items():\n' +
          `        setattr(member, key, value)\n${service}    db.refresh(member)\n    return member\n`,
        'app/db.py': db(''),
        'app/models.py': '',
      },
      cause,
    });

  it('reaches a service function named like the handler, and leaves it when it commits', async () => {
    const found = await namesake('    db.flush()\n');
    expect(found.map((f) => f.key)).toEqual(['python.flushed-update']);
    expect(found[0]!.changed['app/services/members.py']).toContain(
      '        setattr(member, key, value)\n    db.commit()\n',
    );
    expect(await namesake('    db.commit()\n')).toEqual([]);
  });
});
