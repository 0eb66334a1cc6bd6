import { describe, expect, it } from 'vitest';
import { pythonJoinDuplicateRows } from './join-duplicate-rows.js';
import { candidatesOf } from './test-support/python-context.js';

const multiple = {
  type: 'sqlalchemy.exc.MultipleResultsFound',
  message: 'Multiple rows were found when one or none was required',
};

async function run(source: string, line: number) {
  const found = await candidatesOf(pythonJoinDuplicateRows, {
    files: { 'app/repo.py': source },
    culprit: { file: 'app/repo.py', line },
    exception: multiple,
  });
  return found.map((c) => c.changed['app/repo.py']?.split('\n')[line - 1]);
}

describe('python.join-duplicate-rows', () => {
  it('deduplicates an entity looked up by its id through a join the statement filters on, in a variable', async () => {
    const source =
      'class EntryRepository:\n    def get(self, entry_id: int):\n' +
      '        stmt = select(JournalEntry).join(JournalEntry.lines).where(JournalEntry.id == entry_id, ' +
      'JournalLine.amount > 0)\n' +
      '        return self.db.execute(stmt).scalar_one_or_none()\n';
    expect(await run(source, 4)).toEqual(['        return self.db.execute(stmt).unique().scalar_one_or_none()']);
  });

  it('drops an inner join nothing in the statement reads (it hides the entities without joined rows)', async () => {
    const source =
      'def get_kiln(db, kiln_id):\n' +
      '    kiln = db.execute(select(Kiln).join(Kiln.burns).where(Kiln.id == kiln_id)).scalar_one_or_none()\n' +
      '    return kiln\n';
    expect(await run(source, 2)).toEqual([
      '    kiln = db.execute(select(Kiln).where(Kiln.id == kiln_id)).scalar_one_or_none()',
    ]);
  });

  it('deduplicates an inline statement read with scalars().one()', async () => {
    const source =
      'def order(db, order_id):\n    return db.scalars(select(Order).outerjoin(Order.items).filter(Order.' +
      'id == order_id)).one()\n';
    expect(await run(source, 2)).toEqual([
      '    return db.scalars(select(Order).outerjoin(Order.items).filter(Order.id == order_id)).unique().one()',
    ]);
  });

  it('leaves lookups by anything but the id, and statements without a join, alone', async () => {
    const byEmail =
      'def member(db, email):\n    stmt = select(Member).join(Member.loans).where(Member.email == email)\n' +
      '    return db.execute(stmt).scalar_one_or_none()\n';
    expect(await run(byEmail, 3)).toEqual([]);
    const noJoin =
      'def member(db, member_id):\n    stmt = select(Member).where(Member.id == member_id)\n' +
      '    return db.execute(stmt).scalar_one_or_none()\n';
    expect(await run(noJoin, 3)).toEqual([]);
  });
});
