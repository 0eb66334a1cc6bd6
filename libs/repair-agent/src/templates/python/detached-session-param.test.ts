import { describe, expect, it } from 'vitest';
import { pythonDetachedInstance } from './detached-instance.js';
import { candidatesOf } from './test-support/python-context.js';

// heldout9 kennelbook KB09, as the run recorded it (tests/test_owners.py::test_owner_bookings).
const detached = {
  type: 'sqlalchemy.orm.exc.DetachedInstanceError',
  message:
    'Parent instance <Booking at 0x7fd0cea18a90> is not bound to a Session; lazy load operation of ' +
    "attribute 'dog' cannot proceed (Background on this error at: https://sqlalche.me/e/20/bhk3)",
};
const trace = (file: string, line: number) =>
  ({ trace: { frames: [{ file: `/srv/${file}`, line, inApp: true }] } }) as never;

const repo = `from typing import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.database import SessionLocal
from app.models import Booking, Dog


def get_booking(db: Session, booking_id: int) -> Booking | None:
    return db.get(Booking, booking_id)


def list_for_owner(owner_id: int) -> Sequence[Booking]:
    with SessionLocal() as session:
        stmt = select(Booking).join(Dog).where(Dog.owner_id == owner_id)
        return session.scalars(stmt).all()
`;
const router = (call: string) =>
  `from fastapi import APIRouter, Depends\nfrom sqlalchemy.orm import Session\n\n` +
  `from app.database import get_session\nfrom app.repositories import booking_repo\n\nrouter = APIRouter()\n\n\n` +
  `@router.get("/owners/{owner_id}/bookings")\n` +
  `def owner_bookings(owner_id: int, db: Session = Depends(get_session)):\n` +
  `    return [{"dog": b.dog.name} for b in ${call}]\n`;

async function run(files: Record<string, string>, frame: [string, number]) {
  const found = await candidatesOf(pythonDetachedInstance, { files, exception: detached, cause: trace(...frame) });
  return found.map((c) => ({ key: c.key, changed: c.changed }));
}

describe('python.detached-instance #session-parameter', () => {
  it("makes the loader take the session like its module's other functions, and the route pass its own", async () => {
    const files = {
      'app/repositories/booking_repo.py': repo,
      'app/routers/owners.py': router('booking_repo.list_for_owner(owner_id)'),
    };
    expect(await run(files, ['app/routers/owners.py', 12])).toEqual([
      {
        key: 'python.detached-instance#session-parameter',
        changed: {
          'app/repositories/booking_repo.py': repo
            .replace('def list_for_owner(owner_id: int)', 'def list_for_owner(db: Session, owner_id: int)')
            .replace(
              '    with SessionLocal() as session:\n' +
                '        stmt = select(Booking).join(Dog).where(Dog.owner_id == owner_id)\n' +
                '        return session.scalars(stmt).all()',
              '    stmt = select(Booking).join(Dog).where(Dog.owner_id == owner_id)\n    return db.scalars(stmt).all()',
            ),
          'app/routers/owners.py': router('booking_repo.list_for_owner(db, owner_id)'),
        },
      },
    ]);
  });

  it(`passes the session from a caller of the same module, below the loader, to a loader with no \
parameters`, async () => {
    const module = `from sqlalchemy.orm import Session

from app.database import make_session
from app.models import Booking


def count(s: Session) -> int:
    return s.query(Booking).count()


def all_bookings() -> list[Booking]:
    with make_session() as tx:
        return list(tx.query(Booking))


def summary(s: Session):
    return [b.dog.name for b in all_bookings()]
`;
    const fixed = module
      .replace('def all_bookings()', 'def all_bookings(s: Session)')
      .replace(
        '    with make_session() as tx:\n        return list(tx.query(Booking))',
        '    return list(s.query(Booking))',
      )
      .replace('in all_bookings()]', 'in all_bookings(s)]');
    expect(await run({ 'app/bookings.py': module }, ['app/bookings.py', 17])).toEqual([
      { key: 'python.detached-instance#session-parameter', changed: { 'app/bookings.py': fixed } },
    ]);
  });

  it('leaves it when a caller has no session to pass, or the module has no session convention', async () => {
    const scripted =
      `from app.repositories import booking_repo\n\n\ndef report(owner_id: int):\n` +
      `    return len(booking_repo.list_for_owner(owner_id))\n`;
    const files = {
      'app/repositories/booking_repo.py': repo,
      'app/routers/owners.py': router('booking_repo.list_for_owner(owner_id)'),
      'app/report.py': scripted,
    };
    expect(await run(files, ['app/routers/owners.py', 12])).toEqual([]);
    const noConvention = repo.replace(
      'def get_booking(db: Session, booking_id: int)',
      'def get_booking(booking_id: int, db: Session)',
    );
    expect(
      await run(
        {
          'app/repositories/booking_repo.py': noConvention,
          'app/routers/owners.py': router('booking_repo.list_for_owner(owner_id)'),
        },
        ['app/routers/owners.py', 12],
      ),
    ).toEqual([]);
  });
});
