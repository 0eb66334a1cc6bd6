import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonContextmanagerDependency } from './contextmanager-dependency.js';
import { candidatesOf } from './test-support/python-context.js';

const MESSAGE = "'_GeneratorContextManager' object has no attribute 'execute'";

const database = `from contextlib import contextmanager
from typing import Iterator

from sqlalchemy.orm import Session, sessionmaker

Factory = sessionmaker()


def get_db() -> Iterator[Session]:
    db = Factory()
    try:
        yield db
    finally:
        db.close()


@contextmanager
def open_session() -> Iterator[Session]:
    db = Factory()
    try:
        yield db
        db.commit()
    finally:
        db.close()
`;

const kennels = `from fastapi import APIRouter, Depends
from app.database import get_db

router = APIRouter(prefix="/kennels")


@router.get("")
def list_kennels(db: Session = Depends(get_db)):
    return db.execute(select(Kennel)).scalars().all()
`;

const stats = `from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.database import open_session
from app.services import occupancy

router = APIRouter(prefix="/stats")


@router.get("/occupancy")
def kennel_occupancy(db: Session = Depends(open_session)):
    return occupancy(db)
`;

async function run(files: Record<string, string>, message = MESSAGE) {
  const found = await candidatesOf(pythonContextmanagerDependency, {
    files,
    exception: { type: 'AttributeError', message },
    cause: { kind: 'runtime_error', endpoints: ['GET /stats/occupancy'] } as Partial<RootCause>,
  });
  return found.map((c) => c.changed);
}

describe('python.contextmanager-dependency', () => {
  it("depends on the project's generator session, imported beside the helper; the decorator stays", async () => {
    const files = { 'app/database.py': database, 'app/routes/kennels.py': kennels, 'app/routes/stats.py': stats };
    expect(await run(files)).toEqual([
      {
        'app/routes/stats.py': stats
          .replace('from app.database import open_session', 'from app.database import get_db, open_session')
          .replace('Depends(open_session)', 'Depends(get_db)'),
      },
    ]);
  });

  it('takes an async generator of another module, spelled as the router imports (relative)', async () => {
    const scopes = `from contextlib import asynccontextmanager

from .database import Factory


@asynccontextmanager
async def session_scope():
    async with Factory() as session:
        yield session
`;
    const deps = `from typing import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession


async def get_session() -> AsyncIterator[AsyncSession]:
    async with Factory() as session:
        yield session
`;
    const router = `from fastapi import APIRouter, Depends

from ..scopes import session_scope

router = APIRouter(prefix="/stats")


@router.get("/occupancy")
async def kennel_occupancy(db: AsyncSession = Depends(session_scope)):
    return await occupancy(db)
`;
    const other = kennels.replace('from app.database import get_db', 'from ..deps import get_session');
    const files = {
      'app/scopes.py': scopes,
      'app/deps.py': deps,
      'app/routes/kennels.py': other.replace('Depends(get_db)', 'Depends(get_session)'),
      'app/routes/stats.py': router,
    };
    expect(await run(files, MESSAGE.replace('_Generator', '_AsyncGenerator'))).toEqual([
      {
        'app/routes/stats.py': router
          .replace(
            'from ..scopes import session_scope',
            'from ..scopes import session_scope\nfrom ..deps import get_session',
          )
          .replace('Depends(session_scope)', 'Depends(get_session)'),
      },
    ]);
  });

  it('leaves two candidate generators, no generator other routes depend on, and another AttributeError', async () => {
    const twice = database + '\n\ndef get_reader() -> Iterator[Session]:\n    db = Factory()\n    yield db\n';
    const both = kennels + '\n\n@router.get("/count")\ndef count(db: Session = Depends(get_reader)):\n    return 1\n';
    const imports = both.replace('import get_db', 'import get_db, get_reader');
    expect(
      await run({ 'app/database.py': twice, 'app/routes/kennels.py': imports, 'app/routes/stats.py': stats }),
    ).toEqual([]);
    expect(await run({ 'app/database.py': database, 'app/routes/stats.py': stats })).toEqual([]);
    const files = { 'app/database.py': database, 'app/routes/kennels.py': kennels, 'app/routes/stats.py': stats };
    expect(await run(files, "'NoneType' object has no attribute 'execute'")).toEqual([]);
  });
});
