import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { candidatesOf } from './test-support/python-context.js';
import { pythonUncommittedCreateId } from './uncommitted-create-id.js';

// The report of a test-command run: the exception keeps the first line, the request's excerpt the errors.
const idNone =
  "E   fastapi.exceptions.ResponseValidationError: 1 validation errors:\nE     {'type': 'int_type', " +
  "'loc': ('response', 'id'), 'msg': 'Input should be a valid integer', 'input': None}";
const exception = { type: 'fastapi.exceptions.ResponseValidationError', message: '1 validation errors:' };

function cause(text = idNone): Partial<RootCause> {
  return {
    kind: 'test_failure',
    endpoints: ['POST /api/kites'],
    violations: [{ endpoint: 'tests/test_kites.py::test_create', message: 'failed', responseExcerpt: text }],
  } as unknown as Partial<RootCause>;
}

const database =
  'from sqlalchemy.orm import sessionmaker\n\nSessionLocal = sessionmaker(bind=engine)\n\n\n' +
  'def get_db():\n    db = SessionLocal()\n    try:\n        yield db\n    finally:\n        db.close()\n';

const models =
  'from sqlalchemy.orm import Mapped, mapped_column\n\nfrom app.database import Base\n\n\n' +
  'class Kite(Base):\n    __tablename__ = "kites"\n    id: Mapped[int] = mapped_column(primary_key=True)\n' +
  '    name: Mapped[str] = mapped_column()\n';

const siblingCommit =
  '@router.patch("/{kite_id}")\ndef rename(kite_id: int, name: str, db: Session = Depends(get_db)):\n' +
  '    kite = db.get(Kite, kite_id)\n    kite.name = name\n    db.commit()\n    db.refresh(kite)\n' +
  '    return kite\n\n\n';

const router = (create: string, sibling = siblingCommit) =>
  'from fastapi import APIRouter, Depends\nfrom sqlalchemy.orm import Session\n\n' +
  'from app.database import get_db\nfrom app.models import Kite\n\n' +
  'router = APIRouter(prefix="/api/kites")\n\n\n' +
  sibling +
  `@router.post("", status_code=201)\n${create}`;

const create =
  'def create_kite(payload: KiteIn, db: Session = Depends(get_db)):\n    kite = Kite(**payload.model_dump())\n' +
  '    db.add(kite)\n    return kite\n';

async function run(
  handler: string,
  options: { sibling?: string; text?: string; models?: string; extra?: Record<string, string> } = {},
) {
  const found = await candidatesOf(pythonUncommittedCreateId, {
    files: {
      'app/database.py': database,
      'app/models.py': options.models ?? models,
      'app/routers/kites.py': router(handler, options.sibling),
      ...options.extra,
    },
    exception,
    cause: cause(options.text),
  });
  return found.map((c) => c.changed['app/routers/kites.py']);
}

describe('python.uncommitted-create-id', () => {
  it('commits and refreshes the added record, as the project’s other writes do', async () => {
    // The refresh is in another module: the project's convention, not only this router's.
    const elsewhere = 'def save(db, item):\n    db.add(item)\n    db.commit()\n    db.refresh(item)\n';
    const plain = siblingCommit.replace('    db.refresh(kite)\n', '');
    expect(await run(create, { sibling: plain, extra: { 'app/services/items.py': elsewhere } })).toEqual([
      router(
        'def create_kite(payload: KiteIn, db: Session = Depends(get_db)):\n' +
          '    kite = Kite(**payload.model_dump())\n    db.add(kite)\n    db.commit()\n    db.refresh(kite)\n' +
          '    return kite\n',
        plain,
      ),
    ]);
    expect(await run(create)).toEqual([
      router(
        'def create_kite(payload: KiteIn, db: Session = Depends(get_db)):\n' +
          '    kite = Kite(**payload.model_dump())\n    db.add(kite)\n    db.commit()\n    db.refresh(kite)\n' +
          '    return kite\n',
      ),
    ]);
  });

  it('only commits when the project never refreshes, for a Column(primary_key=True) key', async () => {
    const plain = siblingCommit.replace('    db.refresh(kite)\n', '');
    const columns = models.replace(
      'id: Mapped[int] = mapped_column(primary_key=True)',
      'kite_id = Column(Integer, primary_key=True)',
    );
    const text = idNone.replace("'id'", "'kite_id'");
    expect(await run(create, { sibling: plain, models: columns, text })).toEqual([
      router(
        'def create_kite(payload: KiteIn, db: Session = Depends(get_db)):\n' +
          '    kite = Kite(**payload.model_dump())\n    db.add(kite)\n    db.commit()\n    return kite\n',
        plain,
      ),
    ]);
  });

  it('leaves a flushed create, a None field that is no key, and a project that never commits alone', async () => {
    expect(await run(create.replace('    db.add(kite)\n', '    db.add(kite)\n    db.flush()\n'))).toEqual([]);
    expect(await run(create, { text: idNone.replace("'id'", "'name'") })).toEqual([]);
    expect(await run(create, { sibling: siblingCommit.replace('    db.commit()\n', '') })).toEqual([]);
  });
});
