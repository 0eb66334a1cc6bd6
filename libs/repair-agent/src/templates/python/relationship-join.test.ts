import { describe, expect, it } from 'vitest';
import { pythonRelationshipJoin } from './relationship-join.js';
import { candidatesOf } from './test-support/python-context.js';

const MODELS = [
  'from sqlalchemy import ForeignKey, String',
  'from sqlalchemy.orm import Mapped, mapped_column, relationship',
  'from app.db import Base',
  '',
  '',
  'class Breed(Base):',
  '    __tablename__ = "breeds"',
  '    id: Mapped[int] = mapped_column(primary_key=True)',
  '    name: Mapped[str] = mapped_column(String(80))',
  '    hens: Mapped[list["Hen"]] = relationship(back_populates="breed")',
  '',
  '',
  'class Hen(Base):',
  '    __tablename__ = "hens"',
  '    id: Mapped[int] = mapped_column(primary_key=True)',
  '    breed_id: Mapped[int] = mapped_column(ForeignKey("breeds.id"))',
  '    laid: Mapped[int] = mapped_column()',
  '    breed: Mapped["Breed"] = relationship(back_populates="hens")',
  '',
].join('\n');

const message = (owner: string, relation: string, column: string) =>
  `Neither 'InstrumentedAttribute' object nor 'Comparator' object associated with ${owner}.${relation} ` +
  `has an attribute '${column}'`;

async function run(service: string, line: number, models = MODELS, error = message('Hen', 'breed', 'name')) {
  const found = await candidatesOf(pythonRelationshipJoin, {
    files: { 'app/models.py': models, 'app/services/hens.py': service },
    culprit: { file: 'app/services/hens.py', line },
    exception: { type: 'AttributeError', message: error },
  });
  return found.map((c) => c.changed['app/services/hens.py']);
}

describe('python.relationship-join', () => {
  it('order_by on the same statement: joins the relationship, orders on the target column, imports it', async () => {
    const service = [
      'from sqlalchemy import select',
      'from app.models import Hen',
      '',
      '',
      'def list_hens(db):',
      '    stmt = select(Hen).order_by(Hen.breed.name, Hen.laid.desc())',
      '    return list(db.scalars(stmt))',
      '',
    ].join('\n');
    const [fixed] = await run(service, 6);
    expect(fixed?.split('\n')).toEqual([
      'from sqlalchemy import select',
      'from app.models import Breed, Hen',
      '',
      '',
      'def list_hens(db):',
      '    stmt = select(Hen).join(Hen.breed).order_by(Breed.name, Hen.laid.desc())',
      '    return list(db.scalars(stmt))',
      '',
    ]);
  });

  it('joins after the whole select when the reference inside it is rewritten shorter', async () => {
    const service = [
      'from sqlalchemy import select',
      'from app.models import Breed, Hen',
      '',
      '',
      'def laid_by_breed(db):',
      '    return db.execute(select(Hen.id, Hen.breed.name).where(Hen.laid > 0)).all()',
      '',
    ].join('\n');
    const [fixed] = await run(service, 6);
    expect(fixed?.split('\n')[5]).toBe(
      '    return db.execute(select(Hen.id, Breed.name).join(Hen.breed).where(Hen.laid > 0)).all()',
    );
  });

  it('a where added to a statement assigned earlier (untyped relationship, foreign key on the owner)', async () => {
    const models = MODELS.replace(
      '    breed: Mapped["Breed"] = relationship(back_populates="hens")',
      '    breed = relationship("Breed", back_populates="hens")',
    );
    const service = [
      'from sqlalchemy import select',
      'from app.models import Breed, Hen',
      '',
      '',
      'def hens_of(db, breed_name=None):',
      '    stmt = (',
      '        select(Hen)',
      '        .where(Hen.laid > 0)',
      '    )',
      '    stmt = stmt.order_by(Hen.id)',
      '    if breed_name is not None:',
      '        stmt = stmt.where(Hen.breed.name == breed_name)',
      '    return list(db.scalars(stmt))',
      '',
    ].join('\n');
    const [fixed] = await run(service, 12, models);
    const out = fixed?.split('\n');
    expect(out?.[6]).toBe('        select(Hen).join(Hen.breed)');
    expect(out?.[11]).toBe('        stmt = stmt.where(Breed.name == breed_name)');
    expect(out?.[1]).toBe('from app.models import Breed, Hen');
  });

  it('an existing join is kept, only the column is read from the target', async () => {
    const service = [
      'from app.models import Breed, Hen',
      '',
      '',
      'def heavy(db):',
      '    return db.query(Hen).join(Hen.breed).filter(Hen.breed.name == "x").all()',
      '',
    ].join('\n');
    const [fixed] = await run(service, 5);
    expect(fixed?.split('\n')[4]).toBe('    return db.query(Hen).join(Hen.breed).filter(Breed.name == "x").all()');
  });

  it('proposes nothing through a collection relationship, an unknown column, or a select it cannot find', async () => {
    const collection = [
      'from sqlalchemy import select',
      'from app.models import Breed',
      '',
      '',
      'def breeds(db):',
      '    return list(db.scalars(select(Breed).order_by(Breed.hens.laid)))',
      '',
    ].join('\n');
    expect(await run(collection, 6, MODELS, message('Breed', 'hens', 'laid'))).toEqual([]);
    const service = 'def f(db):\n    return list(db.scalars(select(Hen).order_by(Hen.breed.weight)))\n';
    expect(await run(service, 2, MODELS, message('Hen', 'breed', 'weight'))).toEqual([]);
    const passed = 'def f(db, stmt):\n    return list(db.scalars(stmt.order_by(Hen.breed.name)))\n';
    expect(await run(passed, 2)).toEqual([]);
  });
});
