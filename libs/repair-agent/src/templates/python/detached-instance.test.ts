import { describe, expect, it } from 'vitest';
import { pythonDetachedInstance } from './detached-instance.js';
import { candidatesOf } from './test-support/python-context.js';

// heldout8 marina M7, as the server logged it.
const detached = {
  type: 'sqlalchemy.orm.exc.DetachedInstanceError',
  message:
    'Parent instance <MaintenanceTicket at 0x7fd928df8fd0> is not bound to a Session; lazy load operation ' +
    "of attribute 'boat' cannot proceed (Background on this error at: https://sqlalche.me/e/20/bhk3)",
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
    const fixed = repo.replace(
      '        with SessionLocal() as session:\n            return session.get(MaintenanceTicket, ticket_id)',
      '        return self.db.get(MaintenanceTicket, ticket_id)',
    );
    expect(await run({ 'app/repositories/maintenance_repo.py': repo })).toEqual([
      { 'app/repositories/maintenance_repo.py': fixed },
    ]);
  });

  it("loads through a function's Session parameter, the class named by the returned query", async () => {
    const source =
      'def find_owner(db: Session, owner_id: int):\n    with Session(engine) as s:\n' +
      '        return s.scalars(select(MaintenanceTicket).where(MaintenanceTicket.id == ' +
      'owner_id)).first()\n';
    expect(await run({ 'app/crud.py': source })).toEqual([
      {
        'app/crud.py':
          'def find_owner(db: Session, owner_id: int):\n' +
          '    return db.scalars(select(MaintenanceTicket).where(MaintenanceTicket.id == ' +
          'owner_id)).first()\n',
      },
    ]);
  });

  it('leaves a block doing more than return, a loader without a session at hand, another class alone', async () => {
    const more = repo
      .replace(
        '            return session.get(MaintenanceTicket, ticket_id)',
        '            ticket = session.get(MaintenanceTicket, ticket_id)\n            return ticket',
      )
      .replace(
        '    def count(self) -> int:\n        with SessionLocal() as session:\n' +
          '            return session.query(MaintenanceTicket).count()\n',
        '',
      );
    expect(await run({ 'app/repo.py': more })).toEqual([]);
    const sessionless =
      'def find(ticket_id: int) -> MaintenanceTicket:\n    with SessionLocal() as s:\n' +
      '        return s.get(MaintenanceTicket, ticket_id)\n';
    expect(await run({ 'app/crud.py': sessionless })).toEqual([]);
    const other =
      'def find(db: Session, boat_id: int) -> Boat:\n    with SessionLocal() as s:\n' +
      '        return s.get(Boat, boat_id)\n';
    expect(await run({ 'app/crud.py': other })).toEqual([]);
  });
});

// tune5 library L8: `find_by_id(loan_id)` opens its own session; `get(db, loan_id)` beside it takes one.
describe('python.detached-instance #session-sibling', () => {
  const repository =
    'from app.core.database import SessionLocal\nfrom app.models import Loan\n\n\n' +
    'def get(db, loan_id: int) -> Loan | None:\n    return db.get(Loan, loan_id)\n\n\n' +
    'def find_by_id(loan_id: int) -> Loan | None:\n    with SessionLocal() as session:\n' +
    '        return session.get(Loan, loan_id)\n';
  const service = (call: string) =>
    `from sqlalchemy.orm import Session\n\nfrom app.repositories import loan_repository\n\n\n` +
    `def get_loan_detail(db: Session, loan_id: int):\n    loan = ${call}\n` +
    `    return LoanDetail(id=loan.id, title=loan.book.title)\n`;
  const loan = {
    type: 'sqlalchemy.orm.exc.DetachedInstanceError',
    message:
      'Parent instance <Loan at 0x7f2f13909ed0> is not bound to a Session; lazy load operation of ' +
      "attribute 'book' cannot proceed",
  };

  async function sibling(repo: string, call: string) {
    const found = await candidatesOf(pythonDetachedInstance, {
      files: { 'app/repositories/loan_repository.py': repo, 'app/services/loan_service.py': service(call) },
      exception: loan,
      cause: { trace: { frames: [{ file: '/srv/app/services/loan_service.py', line: 8, inApp: true }] } as never },
    });
    return found.map((c) => c.changed['app/services/loan_service.py']);
  }

  it("calls the sibling that takes the request's session", async () => {
    expect(await sibling(repository, 'loan_repository.find_by_id(loan_id)')).toEqual([
      service('loan_repository.get(db, loan_id)'),
    ]);
    const latest = repository
      .replace(/\(loan_id: int\)|, loan_id: int\)/g, (m) => (m.startsWith(',') ? ')' : '()'))
      .replace(/get\(Loan, loan_id\)/g, 'scalars(select(Loan)).first()');
    expect(await sibling(latest, 'loan_repository.find_by_id()')).toEqual([service('loan_repository.get(db)')]);
  });

  it('calls no sibling that loads otherwise, or takes other parameters', async () => {
    expect(
      await sibling(
        repository.replace('return db.get(Loan, loan_id)', 'return db.get(Loan, loan_id + 1)'),
        'loan_repository.find_by_id(loan_id)',
      ),
    ).toEqual([]);
    expect(
      await sibling(
        repository.replace('def get(db, loan_id: int)', 'def get(db, ident: int)'),
        'loan_repository.find_by_id(loan_id)',
      ),
    ).toEqual([]);
  });
});
