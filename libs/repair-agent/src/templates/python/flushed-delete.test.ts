import { describe, expect, it } from 'vitest';
import { pythonFlushedUpdate } from './flushed-update.js';
import { candidatesOf } from './test-support/python-context.js';

// A delete that only flushes: the test deletes, then counts the list and sees the record still there.
const router = (remove: string) =>
  'from fastapi import APIRouter, Depends, HTTPException, Response\nfrom sqlalchemy.orm import Session\n\n' +
  'from app.db import get_db\nfrom app.models import Member\nfrom app.schemas import MemberCreate\n\n' +
  'router = APIRouter(prefix="/members")\n\n\n' +
  '@router.post("", status_code=201)\ndef create_member(payload: MemberCreate, db: Session = Depends(get_db)):\n' +
  '    member = Member(**payload.model_dump())\n    db.add(member)\n    db.commit()\n    db.refresh(member)\n' +
  '    return member\n\n\n' +
  '@router.delete("/{member_id}", status_code=204)\n' +
  'def delete_member(member_id: int, db: Session = Depends(get_db)):\n' +
  '    member = db.get(Member, member_id)\n    if member is None:\n' +
  '        raise HTTPException(status_code=404, detail="Member not found")\n' +
  `${remove}    return Response(status_code=204)\n`;
const db = (dependency: string) =>
  'from sqlalchemy.orm import sessionmaker\n\nSessionLocal = sessionmaker()\n\n\n' +
  `def get_db():\n    db = SessionLocal()\n    try:\n        yield db\n${dependency}    finally:\n        db.close()\n`;
const test =
  'def test_delete_member(client):\n    r = client.delete("/members/5")\n    assert r.status_code == 204\n' +
  '    assert client.get("/members").json()["total"] == 4\n';
const cause = {
  kind: 'test_failure',
  endpoints: ['GET /members'],
  violations: [
    {
      endpoint: 'GET /members',
      nodeid: 'tests/test_members.py::test_delete_member',
      actualStatus: null,
      message: 'AssertionError: assert 5 == 4',
      responseExcerpt: '',
    },
  ],
} as never;
const run = (files: Record<string, string>, dependency = '') =>
  candidatesOf(pythonFlushedUpdate, {
    files: { 'app/db.py': db(dependency), 'app/models.py': '', 'tests/test_members.py': test, ...files },
    cause,
  });

describe('python.flushed-update: a delete only flushed', () => {
  it('commits the delete in the handler the test called', async () => {
    const found = await run({ 'app/routers/members.py': router('    db.delete(member)\n    db.flush()\n') });
    expect(found.map((f) => f.summary)).toEqual([
      'commit db in delete_member (app/routers/members.py:26): the delete was only flushed',
    ]);
    expect(found[0]!.changed['app/routers/members.py']).toBe(router('    db.delete(member)\n    db.commit()\n'));
  });

  it('commits the delete in the service function the handler calls', async () => {
    const service =
      'from app.models import Member\n\n\ndef remove_member(db, member_id):\n' +
      '    member = db.get(Member, member_id)\n    db.delete(member)\n    db.flush()\n';
    const handler = router('    service.remove_member(db, member_id)\n').replace(
      'from app.models import Member\n',
      'from app.models import Member\nfrom app import service\n',
    );
    const found = await run({ 'app/routers/members.py': handler, 'app/service.py': service });
    expect(found.map((f) => f.changed['app/service.py'])).toEqual([service.replace('db.flush()', 'db.commit()')]);
  });

  it('near miss: a delete that commits, a session dependency that commits, a flush with no change', async () => {
    expect(await run({ 'app/routers/members.py': router('    db.delete(member)\n    db.commit()\n') })).toEqual([]);
    const flushed = { 'app/routers/members.py': router('    db.delete(member)\n    db.flush()\n') };
    expect(await run(flushed, '        db.commit()\n')).toEqual([]);
    expect(await run({ 'app/routers/members.py': router('    db.flush()\n') })).toEqual([]);
  });
});
