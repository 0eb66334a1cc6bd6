import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonDetachedServiceRefresh } from './detached-service-refresh.js';
import { candidatesOf } from './test-support/python-context.js';

const error = (what: string) =>
  `{'type': 'get_attribute_error', 'loc': ('response', 'id'), 'msg': 'Error extracting attribute: ` +
  `DetachedInstanceError: Instance <Member at 0x7f12c4e4a250> is not bound to a Session; ${what} ` +
  `operation cannot proceed'}`;
const exception = (what = 'attribute refresh') => ({
  type: 'fastapi.exceptions.ResponseValidationError',
  message: `6 validation errors:\n  ${error(what)}`,
});

const cause = { kind: 'runtime_error', endpoints: ['POST /api/members'], violations: [] };

const router = (body: string) =>
  'from fastapi import APIRouter\n\nfrom app.services.members import enrol_member\n\n' +
  'router = APIRouter(prefix="/api/members")\n\n\n' +
  `@router.post("", status_code=201)\ndef enrol(payload: MemberIn):\n${body}`;

const tryFinally =
  'from app.database import SessionLocal\n\n\ndef enrol_member(payload):\n    session = SessionLocal()\n' +
  '    try:\n        if session.get(Club, payload.club_id) is None:\n' +
  '            raise HTTPException(status_code=404, detail="no club")\n' +
  '        member = Member(**payload.model_dump())\n        session.add(member)\n        session.commit()\n' +
  '        return member\n    finally:\n        session.close()\n';

async function run(
  service: string,
  body = '    return enrol_member(payload)\n',
  what?: string,
  extra: { database?: string; firstLine?: boolean } = {},
) {
  const found = await candidatesOf(pythonDetachedServiceRefresh, {
    files: {
      'app/routers/members.py': router(body),
      'app/services/members.py': service,
      'app/database.py': extra.database ?? 'SessionLocal = sessionmaker(bind=engine, autoflush=False)\n',
    },
    // A server log's trace keeps the exception's first line only.
    exception: extra.firstLine ? { ...exception(what), message: '6 validation errors:' } : exception(what),
    cause: cause as unknown as Partial<RootCause>,
  });
  return found.map((c) => ({ key: c.key, file: c.changed['app/services/members.py'] }));
}

describe('python.detached-service-refresh', () => {
  // heldout20 lamproom L03: a service's own session committed, closed in `finally`, the object returned.
  it('refreshes the object a called function commits and returns inside its try/finally session', async () => {
    expect(await run(tryFinally)).toEqual([
      {
        key: 'python.detached-service-refresh#refresh',
        file: tryFinally.replace('        return member\n', '        session.refresh(member)\n        return member\n'),
      },
    ]);
  });

  it("fires on a server log's first line alone (the shape the proof), not for a factory keeping objects", async () => {
    const fixed = tryFinally.replace(
      '        return member\n',
      '        session.refresh(member)\n        return member\n',
    );
    expect((await run(tryFinally, undefined, undefined, { firstLine: true })).map((c) => c.file)).toEqual([fixed]);
    const keeping = 'SessionLocal = sessionmaker(\n    bind=engine,\n    expire_on_commit=False,\n)\n';
    expect(await run(tryFinally, undefined, undefined, { firstLine: true, database: keeping })).toEqual([]);
    const own = tryFinally.replace('SessionLocal()', 'Session(engine, expire_on_commit=False)');
    expect(await run(own, undefined, undefined, { firstLine: true })).toEqual([]);
  });

  it('refreshes inside a with block, for a handler that returns the local it assigned from the call', async () => {
    const service =
      'def enrol_member(payload):\n    with SessionLocal() as s:\n        member = Member(name=payload.name)\n' +
      '        s.add(member)\n        s.commit()\n        return member\n';
    const body = '    member = enrol_member(payload)\n    return member\n';
    expect(await run(service, body)).toEqual([
      {
        key: 'python.detached-service-refresh#refresh',
        file: service.replace('        return member\n', '        s.refresh(member)\n        return member\n'),
      },
    ]);
  });

  // A service committing in its own `with` block and returning the object once the block has closed it.
  it('refreshes at the end of a with block whose committed object is returned right after it', async () => {
    const added =
      'def enrol_member(payload):\n    with SessionLocal() as s:\n        member = Member(name=payload.name)\n' +
      '        s.add(member)\n        s.commit()\n\n    return member\n';
    expect(await run(added)).toEqual([
      {
        key: 'python.detached-service-refresh#refresh',
        file: added.replace('s.commit()\n', 's.commit()\n        s.refresh(member)\n'),
      },
    ]);
    const loaded =
      'def enrol_member(payload):\n    with SessionLocal() as session:\n' +
      '        member = session.get(Member, payload.id)\n        if payload.name:\n' +
      '            member.name = payload.name\n            session.commit()\n    return member\n';
    expect((await run(loaded)).map((c) => c.file)).toEqual([
      loaded.replace('session.commit()\n', 'session.commit()\n        session.refresh(member)\n'),
    ]);
  });

  it('leaves a return after a block that did more after it, or whose block never committed', async () => {
    const more =
      'def enrol_member(payload):\n    with SessionLocal() as s:\n        member = Member(name=payload.name)\n' +
      '        s.add(member)\n        s.commit()\n    notify(member)\n    return member\n';
    expect(await run(more)).toEqual([]);
    const uncommitted =
      'def enrol_member(payload):\n    with SessionLocal() as s:\n        member = s.get(Member, payload.id)\n' +
      '    return member\n';
    expect(await run(uncommitted)).toEqual([]);
  });

  it('leaves a refreshed object, a lazy load and a handler not returning it', async () => {
    const refreshed = tryFinally.replace(
      '        return member\n',
      '        session.refresh(member)\n        return member\n',
    );
    expect(await run(refreshed)).toEqual([]);
    const after =
      'def enrol_member(payload):\n    with SessionLocal() as s:\n        member = Member(name=payload.name)\n' +
      '        s.add(member)\n        s.commit()\n        s.refresh(member)\n    return member\n';
    expect(await run(after)).toEqual([]);
    expect(await run(tryFinally, undefined, 'lazy load')).toEqual([]);
    expect(await run(tryFinally, '    enrol_member(payload)\n    return {"ok": True}\n')).toEqual([]);
  });
});
