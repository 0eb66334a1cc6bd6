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

  it('loads the other relationships the caller reads alongside the one the error names', async () => {
    const models = MODELS + '    owner: Mapped["Owner"] = relationship()\n    shop = relationship("Shop")\n';
    const route = ROUTE.replace('len(shelf.books)}', 'len(shelf.books), "owner": shelf.owner.name}');
    const found = await candidatesOf(pythonDetachedEagerLoad, {
      files: {
        'app/models.py': models,
        'app/service.py':
          'from app.db import SessionLocal\nfrom app.models import Shelf\n\n\ndef load_shelf(shelf_id: int):\n' +
          '    with SessionLocal() as s:\n        return s.get(Shelf, shelf_id)\n',
        'app/routes.py': route,
      },
      culprit: { file: 'app/routes.py', line: 6 },
      exception: {
        type: 'sqlalchemy.orm.exc.DetachedInstanceError',
        message:
          'Parent instance <Shelf at 0x7f1e2c3d4e50> is not bound to a Session; ' +
          "lazy load operation of attribute 'books'",
      },
    });
    expect(found[0]!.changed['app/service.py']).toContain(
      '        return s.get(Shelf, shelf_id, options=[selectinload(Shelf.books), selectinload(Shelf.owner)])\n',
    );
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
  // A test client's report: FastAPI's ResponseValidationError carries the words, the culprit is the test's request.
  const ROUTER =
    'from fastapi import APIRouter\n\nfrom app.service import load_shelf\n\nrouter = APIRouter()\n\n\n' +
    '@router.get("/shelves/{shelf_id}")\ndef shelf_detail(shelf_id: int):\n    shelf = load_shelf(shelf_id)\n' +
    '    return shelf\n';
  const LOADER =
    'from app.db import SessionLocal\nfrom app.models import Shelf\n\n\ndef load_shelf(shelf_id: int):\n' +
    '    with SessionLocal() as s:\n        return s.get(Shelf, shelf_id)\n';
  async function runReported(what: string) {
    const error =
      `{'type': 'get_attribute_error', 'loc': ('response', 'books'), 'msg': "Error extracting attribute: ` +
      `DetachedInstanceError: Parent instance <Shelf at 0x7fb5ad18f050> is not bound to a Session; ${what}"}`;
    const found = await candidatesOf(pythonDetachedEagerLoad, {
      files: { 'app/models.py': MODELS, 'app/service.py': LOADER, 'app/routes.py': ROUTER, 'tests/test_s.py': '' },
      culprit: { file: 'tests/test_s.py', line: 3 },
      exception: { type: 'fastapi.exceptions.ResponseValidationError', message: '1 validation errors:' },
      cause: {
        kind: 'test_failure',
        endpoints: ['GET /shelves/{shelf_id}'],
        violations: [{ nodeid: 'tests/test_s.py::test_detail', message: `failed: ${error}`, traces: [] }] as never,
      },
    });
    return found.map((c) => c.changed['app/service.py']);
  }

  it("loads the relationship a handler's response reads, from a ResponseValidationError's errors", async () => {
    const [fixed] = await runReported("lazy load operation of attribute 'books' cannot proceed");
    expect(fixed).toContain('        return s.get(Shelf, shelf_id, options=[selectinload(Shelf.books)])\n');
  });

  it('leaves a ResponseValidationError whose object expired (no lazy load)', async () => {
    expect(await runReported('attribute refresh operation cannot proceed')).toEqual([]);
  });
});
