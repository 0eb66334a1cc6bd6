import { describe, expect, it } from 'vitest';
import { pythonDetachedInstance } from './detached-instance.js';
import { candidatesOf } from './test-support/python-context.js';

// heldout8 marina M7, as the server logged it.
const detached = {
  type: 'sqlalchemy.orm.exc.DetachedInstanceError',
  message: "Parent instance <MaintenanceTicket at 0x7fd928df8fd0> is not bound to a Session; lazy load operation of attribute 'boat' cannot proceed (Background on this error at: https://sqlalche.me/e/20/bhk3)",
};

async function run(files: Record<string, string>, exception = detached) {
  const found = await candidatesOf(pythonDetachedInstance, { files, exception });
  return found.map((c) => c.changed);
}

const repo = `from sqlalchemy.orm import Session

from app.core.database import SessionLocal
from app.models import MaintenanceTicket


class MaintenanceRepository:
    def __init__(self, db: Session):
        self.db = db

    def get(self, ticket_id: int) -> MaintenanceTicket | None:
        with SessionLocal() as session:
            return session.get(MaintenanceTicket, ticket_id)

    def count(self) -> int:
        with SessionLocal() as session:
            return session.query(MaintenanceTicket).count()
`;

describe('python.detached-instance', () => {
  it("loads the repository's object through its own session, leaving a count alone", async () => {
    const fixed = repo.replace('        with SessionLocal() as session:\n            return session.get(MaintenanceTicket, ticket_id)', '        return self.db.get(MaintenanceTicket, ticket_id)');
    expect(await run({ 'app/repositories/maintenance_repo.py': repo })).toEqual([{ 'app/repositories/maintenance_repo.py': fixed }]);
  });

  it("loads through a function's Session parameter, the class named by the returned query", async () => {
    const source = 'def find_owner(db: Session, owner_id: int):\n    with Session(engine) as s:\n        return s.scalars(select(MaintenanceTicket).where(MaintenanceTicket.id == owner_id)).first()\n';
    expect(await run({ 'app/crud.py': source })).toEqual([{ 'app/crud.py': 'def find_owner(db: Session, owner_id: int):\n    return db.scalars(select(MaintenanceTicket).where(MaintenanceTicket.id == owner_id)).first()\n' }]);
  });

  it('leaves a block doing more than return, a loader without a session at hand, another class alone', async () => {
    const more = repo.replace('            return session.get(MaintenanceTicket, ticket_id)', '            ticket = session.get(MaintenanceTicket, ticket_id)\n            return ticket').replace('    def count(self) -> int:\n        with SessionLocal() as session:\n            return session.query(MaintenanceTicket).count()\n', '');
    expect(await run({ 'app/repo.py': more })).toEqual([]);
    const sessionless = 'def find(ticket_id: int) -> MaintenanceTicket:\n    with SessionLocal() as s:\n        return s.get(MaintenanceTicket, ticket_id)\n';
    expect(await run({ 'app/crud.py': sessionless })).toEqual([]);
    const other = 'def find(db: Session, boat_id: int) -> Boat:\n    with SessionLocal() as s:\n        return s.get(Boat, boat_id)\n';
    expect(await run({ 'app/crud.py': other })).toEqual([]);
  });
});
