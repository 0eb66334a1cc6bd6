import type { Violation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { pythonUnboundParameterFilter } from './unbound-parameter-filter.js';
import { candidatesOf } from './test-support/python-context.js';

const routes = (body: string) => `from fastapi import APIRouter
from sqlalchemy import select

router = APIRouter()


@router.get("/yards/{yard_id}/crates")
def list_yard_crates(yard_id: int, db=None):
${body}
`;
const listed = "assert ['C-1', 'C-2', 'C-9'] == ['C-1', 'C-2']";
const failing = (message: string) =>
  ({
    endpoint: 'GET /yards/{yard_id}/crates',
    message,
    traces: [{ exception: { type: 'AssertionError', message } }],
  }) as unknown as Violation;
const run = (source: string, message = listed) =>
  candidatesOf(pythonUnboundParameterFilter, {
    files: { 'app/yards.py': source },
    cause: { kind: 'test_failure', violations: [failing(message)], endpoints: ['GET /yards/{yard_id}/crates'] },
  });

describe('python.unbound-parameter-filter', () => {
  it("filters by the handler's parameter where another table's id stood", async () => {
    const source = routes(
      '    stmt = select(Crate).where(Crate.yard_id == Yard.id).order_by(Crate.id)\n    return db.scalars(stmt).all()',
    );
    expect((await run(source)).map((f) => f.changed['app/yards.py'])).toEqual([
      source.replace('Crate.yard_id == Yard.id', 'Crate.yard_id == yard_id'),
    ]);
  });

  it('does the same in a service the handler calls, in a multi-line filter', async () => {
    const source = routes('    return crates_of(db, yard_id)').concat(
      '\n\ndef crates_of(db, yard_id):\n    return db.scalars(\n        select(Crate)\n' +
        '        .where(Crate.active.is_(True), Crate.yard_id == Yard.id)\n    ).all()\n',
    );
    expect((await run(source)).map((f) => f.changed['app/yards.py'])).toEqual([
      source.replace('Crate.yard_id == Yard.id', 'Crate.yard_id == yard_id'),
    ]);
  });

  it('near miss: a join condition, a parameter already filtered by, no list compared', async () => {
    const joined = routes(
      '    stmt = select(Crate).join(Yard).where(Crate.yard_id == Yard.id, Yard.id == yard_id)\n' +
        '    return db.scalars(stmt).all()',
    );
    expect(await run(joined)).toEqual([]);
    const filtered = routes(
      '    stmt = select(Crate).where(Crate.yard_id == Yard.id, Yard.id == yard_id)\n    return db.scalars(stmt).all()',
    );
    expect(await run(filtered)).toEqual([]);
    const source = routes(
      '    stmt = select(Crate).where(Crate.yard_id == Yard.id)\n    return db.scalars(stmt).all()',
    );
    expect(await run(source, 'assert 3 == 2')).toEqual([]);
  });
});
