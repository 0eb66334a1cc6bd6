import { describe, expect, it } from 'vitest';
import { pythonDetachedEagerLoad } from './detached-eager-load.js';
import { candidatesOf } from './test-support/python-context.js';

const MODELS =
  'from sqlalchemy.orm import DeclarativeBase, Mapped, relationship\n\n\nclass Base(DeclarativeBase):\n    pass\n\n\n' +
  'class Shelf(Base):\n    __tablename__ = "shelves"\n' +
  '    books: Mapped[list["Book"]] = relationship(back_populates="shelf")\n';

const ROUTE =
  'from app import service\n\n\ndef shelf_detail(shelf_id: int):\n    shelf = service.load_shelf(shelf_id)\n' +
  '    return {"count": len(shelf.books)}\n';

async function run(service: string, attribute = 'books') {
  const found = await candidatesOf(pythonDetachedEagerLoad, {
    files: { 'app/models.py': MODELS, 'app/service.py': service, 'app/routes.py': ROUTE },
    culprit: { file: 'app/routes.py', line: 6 },
    exception: {
      type: 'sqlalchemy.orm.exc.DetachedInstanceError',
      message:
        `Parent instance <Shelf at 0x7f1e2c3d4e50> is not bound to a Session; lazy load operation of attribute ` +
        `'${attribute}' cannot proceed`,
    },
  });
  return found.map((c) => c.changed['app/service.py']);
}

describe('python.detached-eager-load', () => {
  it('loads the relationship with the object a private-session select hands out', async () => {
    const service =
      'from sqlalchemy import select\n\nfrom app.db import SessionLocal\nfrom app.models import Shelf\n\n\n' +
      'def load_shelf(shelf_id: int):\n    with SessionLocal() as session:\n' +
      '        stmt = select(Shelf).where(Shelf.id == shelf_id)\n        return session.scalars(stmt).first()\n';
    const [fixed] = await run(service);
    expect(fixed).toContain(
      '        stmt = select(Shelf).options(selectinload(Shelf.books)).where(Shelf.id == shelf_id)\n',
    );
    expect(fixed).toContain('from sqlalchemy.orm import selectinload\n');
  });

  it('gives a private-session get the options keyword', async () => {
    const service =
      'from app.db import SessionLocal\nfrom app.models import Shelf\n\n\ndef load_shelf(shelf_id: int):\n' +
      '    with SessionLocal() as s:\n        return s.get(Shelf, shelf_id)\n';
    const [fixed] = await run(service);
    expect(fixed).toContain('        return s.get(Shelf, shelf_id, options=[selectinload(Shelf.books)])\n');
  });

  it('leaves an attribute no model declares a relationship, and a loader that already loads options', async () => {
    const service =
      'from app.db import SessionLocal\nfrom app.models import Shelf\n\n\ndef load_shelf(shelf_id: int):\n' +
      '    with SessionLocal() as s:\n        return s.get(Shelf, shelf_id)\n';
    expect(await run(service, 'label')).toEqual([]);
    const eager = service.replace(
      's.get(Shelf, shelf_id)',
      's.get(Shelf, shelf_id, options=[joinedload(Shelf.books)])',
    );
    expect(await run(eager)).toEqual([]);
  });
});
