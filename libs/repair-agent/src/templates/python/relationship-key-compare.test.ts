import { describe, expect, it } from 'vitest';
import { pythonRelationshipKeyCompare } from './relationship-key-compare.js';
import { candidatesOf } from './test-support/python-context.js';

const head = [
  'from sqlalchemy import Column, ForeignKey, Integer, String',
  'from sqlalchemy.orm import Mapped, mapped_column, relationship',
  'from app.db import Base',
  '',
  '',
  'class Coop(Base):',
  '    __tablename__ = "coops"',
  '    id: Mapped[int] = mapped_column(primary_key=True)',
  '    name: Mapped[str] = mapped_column(String(80))',
  '',
  '',
  'class Hen(Base):',
  '    __tablename__ = "hens"',
  '    id: Mapped[int] = mapped_column(primary_key=True)',
];
const models = (...body: string[]) => [...head, ...body, ''].join('\n');
const TYPED = models(
  '    coop_id: Mapped[int] = mapped_column(ForeignKey("coops.id"))',
  '    coop: Mapped["Coop"] = relationship()',
);

const ROUTER = [
  'from sqlalchemy import select',
  'from app.models import Hen',
  '',
  '',
  'def list_hens(db, coop_id=None):',
  '    stmt = select(Hen).order_by(Hen.id)',
  '    if coop_id is not None:',
  '        stmt = stmt.where(Hen.coop == coop_id)',
  '    return db.scalars(stmt).all()',
  '',
].join('\n');

const hint = (owner: string, relation: string) =>
  'Mapped instance expected for relationship comparison to object.   Classes, queries and other SQL elements ' +
  `are not accepted in this context; for comparison with a subquery, use ${owner}.${relation}.has(**criteria).`;

async function run(modelFile: string, router = ROUTER, message = hint('Hen', 'coop'), line = 8) {
  const type = message.includes('.has(') ? 'sqlalchemy.exc.ArgumentError' : 'ArgumentError';
  const found = await candidatesOf(pythonRelationshipKeyCompare, {
    files: { 'app/models.py': modelFile, 'app/routers/hens.py': router },
    culprit: { file: 'app/routers/hens.py', line },
    exception: { type, message },
  });
  return found.map((c) => c.changed['app/routers/hens.py']?.split('\n')[line - 1]);
}

describe('python.relationship-key-compare', () => {
  it('compares the one foreign-key column to the related table instead of the relationship', async () => {
    expect(await run(TYPED)).toEqual(['        stmt = stmt.where(Hen.coop_id == coop_id)']);
  });

  it('takes the column of foreign_keys= when two keys point at the related table', async () => {
    const twoKeys = models(
      '    coop_id = Column(Integer, ForeignKey("coops.id"))',
      '    former_coop_id = Column(Integer, ForeignKey("coops.id"))',
      '    coop = relationship("Coop", foreign_keys=[coop_id])',
      '    former_coop = relationship("Coop", foreign_keys="Hen.former_coop_id")',
    );
    const router = ROUTER.replace('Hen.coop == coop_id', 'coop_id != Hen.former_coop');
    expect(await run(twoKeys, router, hint('Hen', 'former_coop'))).toEqual([
      '        stmt = stmt.where(coop_id != Hen.former_coop_id)',
    ]);
  });

  it('without the hint, reads the one scalar relationship compared on the statement', async () => {
    const bare = 'Mapped instance expected for relationship comparison to object';
    expect(await run(TYPED, ROUTER, bare)).toEqual(['        stmt = stmt.where(Hen.coop_id == coop_id)']);
  });

  it('leaves a relationship whose key column the model does not make certain', async () => {
    const ambiguous = models(
      '    coop_id = Column(Integer, ForeignKey("coops.id"))',
      '    former_coop_id = Column(Integer, ForeignKey("coops.id"))',
      '    coop: Mapped["Coop"] = relationship(primaryjoin="Hen.coop_id == Coop.id")',
    );
    expect(await run(ambiguous)).toEqual([]);
    const twoKeys = ambiguous.replace('(primaryjoin="Hen.coop_id == Coop.id")', '()');
    expect(await run(twoKeys)).toEqual([]);
  });

  it('leaves a collection relationship and another ArgumentError', async () => {
    const collection = models(
      '    coop_id: Mapped[int] = mapped_column(ForeignKey("coops.id"))',
      '    coop: Mapped[list["Coop"]] = relationship()',
    );
    expect(await run(collection)).toEqual([]);
    expect(await run(TYPED, ROUTER, 'Object Hen.id is not legal as a SQL literal value')).toEqual([]);
  });
});
