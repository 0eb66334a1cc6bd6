import { describe, expect, it } from 'vitest';
import { pythonStatementNotExecuted } from './statement-not-executed.js';
import { candidatesOf } from './test-support/python-context.js';

const notRun = (method: string, kind = 'Select') => ({
  type: 'AttributeError',
  message: `'${kind}' object has no attribute '${method}'`,
});

async function run(source: string, line: number, exception: { type: string; message: string }) {
  const found = await candidatesOf(pythonStatementNotExecuted, {
    files: { 'app/repo.py': source },
    culprit: { file: 'app/repo.py', line },
    exception,
  });
  return found.map((c) => c.changed['app/repo.py']?.split('\n')[line - 1]);
}

describe('python.statement-not-executed', () => {
  it("runs the statement on the method's Session parameter", async () => {
    const source =
      'from sqlalchemy import select\nfrom sqlalchemy.orm import Session\n\n\nclass OwnerRepository:\n' +
      '    def list_pets(self, db: Session, owner_id: int):\n' +
      '        stmt = select(Pet).where(Pet.owner_id == owner_id)\n' +
      '        return list(stmt.scalars().all())\n';
    expect(await run(source, 8, notRun('scalars'))).toEqual(['        return list(db.scalars(stmt).all())']);
  });

  it("executes it on the session the class's __init__ keeps, for a result method", async () => {
    const source =
      'from sqlalchemy import select\nfrom sqlalchemy.orm import Session\n\n\nclass Orders:\n' +
      '    def __init__(self, session: Session):\n        self.session = session\n\n' +
      '    def latest(self, customer_id: int):\n' +
      '        query = select(Order).where(Order.customer_id == customer_id)\n' +
      '        return query.first()\n';
    expect(await run(source, 11, notRun('first'))).toEqual(['        return self.session.execute(query).first()']);
  });

  it('leaves functions without one sync session, and other attribute errors, alone', async () => {
    const none =
      'from sqlalchemy import select\n\n\ndef pets(owner_id):\n    stmt = select(Pet)\n' +
      '    return stmt.scalars().all()\n';
    expect(await run(none, 6, notRun('scalars'))).toEqual([]);
    const asyncSession =
      'from sqlalchemy.ext.asyncio import AsyncSession\n\n\nasync def pets(db: AsyncSession):\n' +
      '    stmt = select(Pet)\n    return stmt.scalars().all()\n';
    expect(await run(asyncSession, 6, notRun('scalars'))).toEqual([]);
    const other =
      'from sqlalchemy.orm import Session\n\n\ndef pets(db: Session):\n    stmt = select(Pet)\n' +
      '    return stmt.scalars().all()\n';
    expect(await run(other, 6, notRun('where'))).toEqual([]);
  });
});
