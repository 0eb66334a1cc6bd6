import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonUncalledConflictLookup } from './uncalled-conflict-lookup.js';
import { candidatesOf } from './test-support/python-context.js';

const routes = [
  'from fastapi import APIRouter, FastAPI',
  '',
  'from app import members',
  '',
  'router = APIRouter(prefix="/members")',
  '',
  '',
  '@router.post("", status_code=201)',
  'def create_member(payload: dict):',
  '    return members.register(payload)',
  '',
  '',
  'app = FastAPI()',
  'app.include_router(router)',
  '',
].join('\n');
const service = [
  'from fastapi import HTTPException',
  '',
  '',
  'def register(payload):',
  '    existing = session.query(Member).filter(Member.email == payload["email"]).first',
  '    if existing:',
  '        raise HTTPException(status_code=409, detail="Email already registered")',
  '    return save(payload)',
  '',
].join('\n');

async function run(files: Record<string, string>, actualStatus: number) {
  const endpoint = 'POST /members';
  const cause: Partial<RootCause> = {
    kind: 'status_mismatch',
    endpoints: [endpoint],
    violations: [{ endpoint, actualStatus, expectedStatus: 201, kind: 'status_mismatch' }] as never,
  };
  const found = await candidatesOf(pythonUncalledConflictLookup, {
    files,
    cause,
    operation: { endpoint, parameters: [], responses: [] } as never,
  });
  return found.map((c) =>
    Object.entries(c.changed).map(
      ([f, text]) => `${f}: ${text.split('\n').find((l, i) => l !== files[f]!.split('\n')[i])}`,
    ),
  );
}

describe('python.uncalled-conflict-lookup', () => {
  it(`calls the .first a conflict check tests, in the project function the handler calls (named like the \
handler)`, async () => {
    const sameName = {
      'app/main.py': routes.replace('members.register(payload)', 'members.create_member(payload)'),
      'app/members.py': service.replace('def register', 'def create_member'),
    };
    expect(await run(sameName, 409)).toEqual([
      ['app/members.py:     existing = session.query(Member).filter(Member.email == payload["email"]).first()'],
    ]);
    expect(await run({ 'app/main.py': routes, 'app/members.py': service }, 409)).toEqual([
      ['app/members.py:     existing = session.query(Member).filter(Member.email == payload["email"]).first()'],
    ]);
  });

  it('calls a scalar_one_or_none tested with "is not None" in the handler itself', async () => {
    const inline = routes.replace(
      '    return members.register(payload)',
      '    found = db.execute(stmt).scalar_one_or_none\n    if found is not None:\n' +
        '        raise HTTPException(status_code=400, detail="taken")\n    return members.save(payload)',
    );
    expect(await run({ 'app/main.py': inline, 'app/members.py': 'def save(p):\n    return p\n' }, 400)).toEqual([
      ['app/main.py:     found = db.execute(stmt).scalar_one_or_none()'],
    ]);
  });

  describe('a finder returning the bound method, tested by the handler', () => {
    const finder =
      'def find_by_email(db, email):\n    return db.scalars(select(Member).where(Member.email == email)).first\n';
    const errors =
      'from fastapi import HTTPException, status\n\n\ndef conflict(message):\n' +
      '    return HTTPException(status_code=status.HTTP_409_CONFLICT, detail=message)\n';
    const guarded = (test: string, raise: string) =>
      routes.replace(
        '    return members.register(payload)',
        `    if ${test}:\n        raise ${raise}\n    return members.save(payload)`,
      );

    it("calls it when the guard raises the project's helper building the status", async () => {
      const files = {
        'app/main.py': guarded('members.find_by_email(db, payload["email"])', 'conflict("taken")'),
        'app/members.py': `${finder}\n\ndef save(p):\n    return p\n`,
        'app/errors.py': errors,
      };
      expect(await run(files, 409)).toEqual([
        ['app/members.py:     return db.scalars(select(Member).where(Member.email == email)).first()'],
      ]);
    });

    it('calls it when the guard tests "is not None" and raises the status itself', async () => {
      const files = {
        'app/main.py': guarded(
          'members.find_by_email(db, payload["email"]) is not None',
          'HTTPException(status_code=409, detail="taken")',
        ),
        'app/members.py': `${finder}\n\ndef save(p):\n    return p\n`,
      };
      expect(await run(files, 409)).toEqual([
        ['app/members.py:     return db.scalars(select(Member).where(Member.email == email)).first()'],
      ]);
    });

    it('leaves it alone when the guard is negated or its helper builds another status', async () => {
      const negated = {
        'app/main.py': guarded('not members.find_by_email(db, payload["email"])', 'conflict("taken")'),
        'app/members.py': `${finder}\n\ndef save(p):\n    return p\n`,
        'app/errors.py': errors,
      };
      expect(await run(negated, 409)).toEqual([]);
      const other = {
        ...negated,
        'app/main.py': guarded('members.find_by_email(db, payload["email"])', 'conflict("taken")'),
        'app/errors.py': errors.replace('HTTP_409_CONFLICT', 'HTTP_400_BAD_REQUEST'),
      };
      expect(await run(other, 409)).toEqual([]);
    });
  });

  it('leaves a called lookup, and a check that raises another status than the one answered, alone', async () => {
    const called = service.replace('.first\n', '.first()\n');
    expect(await run({ 'app/main.py': routes, 'app/members.py': called }, 409)).toEqual([]);
    expect(await run({ 'app/main.py': routes, 'app/members.py': service }, 422)).toEqual([]);
  });
});
