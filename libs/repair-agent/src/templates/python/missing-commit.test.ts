import { describe, expect, it } from 'vitest';
import { pythonMissingCommit } from './missing-commit.js';
import { candidatesOf } from './test-support/python-context.js';

const repository = (create: string) =>
  'from sqlalchemy.orm import Session\n\nfrom app.models.artisan import Artisan\n\n\n' +
  'class ArtisanRepository:\n    def __init__(self, session: Session):\n        self.session = session\n\n' +
  '    def get(self, artisan_id: int):\n        return self.session.get(Artisan, artisan_id)\n\n' +
  `    def create(self, **fields) -> Artisan:\n        artisan = Artisan(**fields)\n${create}` +
  '        self.session.refresh(artisan)\n        return artisan\n\n' +
  '    def save(self, artisan: Artisan) -> Artisan:\n        self.session.add(artisan)\n' +
  '        self.session.commit()\n        return artisan\n';
const models = 'class Artisan:\n    def __init__(self, **kw):\n        self.__dict__.update(kw)\n';
// The failing test's record, as pytest reported it in test-command mode (read back after the create).
const readBack = {
  kind: 'test_failure',
  violations: [
    {
      nodeid: 'tests/test_artisans.py::test_create_artisan_is_persisted',
      actualStatus: null,
      message: 'AssertionError: {"detail":"Artisan 4 not found"}\nassert 404 == 200',
      responseExcerpt: '',
    },
  ],
} as never;
const run = (create: string, cause = readBack) =>
  candidatesOf(pythonMissingCommit, {
    files: { 'app/models/artisan.py': models, 'app/repositories/artisan_repository.py': repository(create) },
    cause,
  });

describe('python.missing-commit', () => {
  it('commits where the create only flushed, as the same repository’s save commits', async () => {
    const found = await run('        self.session.add(artisan)\n        self.session.flush()\n');
    expect(found.map((f) => f.key)).toEqual(['python.missing-commit#flush']);
    expect(found[0]!.changed['app/repositories/artisan_repository.py']).toBe(
      repository('        self.session.add(artisan)\n        self.session.commit()\n'),
    );
  });

  it('reads a created record missing from the list read next as its model (the table with its keys)', async () => {
    const mapped =
      'class Artisan(Base):\n    __tablename__ = "artisans"\n    id: Mapped[int] = mapped_column(primary_key=True)\n' +
      '    name: Mapped[str]\n    craft: Mapped[str]\n';
    const listed = {
      kind: 'test_failure',
      violations: [
        {
          nodeid: 'tests/test_artisans.py::test_create_artisan_is_listed',
          actualStatus: null,
          message:
            "AssertionError: assert {'id': 4, 'name': 'Ada', 'craft': 'loom'} in " +
            "[{'id': 1, 'name': 'Bo', 'craft': 'kiln'}]",
          responseExcerpt: '',
        },
      ],
    } as never;
    const files = (models: string) => ({
      'app/models/artisan.py': models,
      'app/repositories/artisan_repository.py': repository(
        '        self.session.add(artisan)\n        self.session.flush()\n',
      ),
    });
    const found = await candidatesOf(pythonMissingCommit, { files: files(mapped), cause: listed });
    expect(found.map((f) => f.key)).toEqual(['python.missing-commit#flush']);
    // A key no table has: no model, no candidate.
    const other = mapped.replace('craft', 'trade');
    expect(await candidatesOf(pythonMissingCommit, { files: files(other), cause: listed })).toEqual([]);
  });

  it('reads the model from a 404 message that names it in lower case', async () => {
    const lower = JSON.parse(JSON.stringify(readBack).replace('Artisan 4 not found', 'artisan 4 not found'));
    const found = await run('        self.session.add(artisan)\n        self.session.flush()\n', lower);
    expect(found.map((f) => f.key)).toEqual(['python.missing-commit#flush']);
  });

  it('adds the commit after the add when there is no flush', async () => {
    const found = await run('        self.session.add(artisan)\n');
    expect(found[0]!.changed['app/repositories/artisan_repository.py']).toBe(
      repository('        self.session.add(artisan)\n        self.session.commit()\n'),
    );
  });

  it('leaves a create that commits, and a 404 that names no model the module makes, alone', async () => {
    expect(await run('        self.session.add(artisan)\n        self.session.commit()\n')).toEqual([]);
    const other = {
      kind: 'status_mismatch',
      violations: [
        {
          actualStatus: 404,
          message: 'expected 200, got HTTP 404',
          responseExcerpt: '{"detail":"Workshop 9 not found"}',
        },
      ],
    } as never;
    expect(await run('        self.session.add(artisan)\n        self.session.flush()\n', other)).toEqual([]);
  });

  it('awaits the commit of an AsyncSession, as the module awaits its other commits', async () => {
    const asyncRepo = (create: string) =>
      repository(create)
        .replace('    def create(', '    async def create(')
        .replace('    def save(', '    async def save(')
        .replace('        self.session.refresh(artisan)', '        await self.session.refresh(artisan)')
        .replace(
          '        self.session.commit()\n        return',
          '        await self.session.commit()\n        return',
        );
    const found = await candidatesOf(pythonMissingCommit, {
      files: {
        'app/models/artisan.py': models,
        'app/repositories/artisan_repository.py': asyncRepo(
          '        self.session.add(artisan)\n        await self.session.flush()\n',
        ),
      },
      cause: readBack,
    });
    expect(found[0]!.changed['app/repositories/artisan_repository.py']).toBe(
      asyncRepo('        self.session.add(artisan)\n        await self.session.commit()\n'),
    );
  });

  it('commits the session the module commits, not the first object something is added to', async () => {
    const found = await run('        self.log.add(artisan)\n        self.session.add(artisan)\n');
    expect(found[0]!.changed['app/repositories/artisan_repository.py']).toBe(
      repository('        self.log.add(artisan)\n        self.session.add(artisan)\n        self.session.commit()\n'),
    );
  });
});

describe('python.missing-commit, in a module with no commit of its own', () => {
  const router = (create: string) =>
    'from fastapi import APIRouter, Depends, HTTPException\n\nfrom app.database import get_db\n' +
    'from app.models import Kiln\n\nrouter = APIRouter()\n\n\n' +
    '@router.get("/kilns/{kiln_id}")\ndef get_kiln(kiln_id: int, db=Depends(get_db)):\n' +
    '    kiln = db.get(Kiln, kiln_id)\n    if kiln is None:\n' +
    '        raise HTTPException(status_code=404, detail=f"Kiln {kiln_id} not found")\n    return kiln\n\n\n' +
    `@router.post("/kilns", status_code=201)\ndef create_kiln(payload, db=Depends(get_db)):\n` +
    `    kiln = Kiln(**payload.model_dump())\n    db.add(kiln)\n${create}    db.refresh(kiln)\n    return kiln\n`;
  // Another module's writes commit on a session of the same name.
  const firings =
    'from app.models import Firing\n\n\ndef record_firing(db, kiln_id: int):\n' +
    '    db.add(Firing(kiln_id=kiln_id))\n    db.commit()\n';
  const database = (after: string) =>
    `def get_db():\n    db = SessionLocal()\n    try:\n        yield db\n${after}    finally:\n        db.close()\n`;
  const lost = {
    kind: 'test_failure',
    violations: [
      {
        nodeid: 'tests/test_kilns.py::test_created_kiln_is_found',
        actualStatus: null,
        message:
          'tests/test_kilns.py::test_created_kiln_is_found failed: AssertionError: {"detail":"Kiln 3 not found"}',
        responseExcerpt: 'E   AssertionError: {"detail":"Kiln 3 not found"}\nE   assert 404 == 200',
      },
    ],
  } as never;
  const files = (create: string, after = '') => ({
    'app/models.py': models.replace(/Artisan/g, 'Kiln') + models.replace(/Artisan/g, 'Firing'),
    'app/database.py': database(after),
    'app/routers/kilns.py': router(create),
    'app/services/firings.py': firings,
  });

  it('commits the flush, as the project’s other modules commit their writes on that session', async () => {
    const found = await candidatesOf(pythonMissingCommit, { files: files('    db.flush()\n'), cause: lost });
    expect(found.map((f) => f.key)).toEqual(['python.missing-commit#flush']);
    expect(found[0]!.changed['app/routers/kilns.py']).toBe(router('    db.commit()\n'));
  });

  it('adds the commit after the add when the create neither flushes nor commits', async () => {
    const found = await candidatesOf(pythonMissingCommit, { files: files(''), cause: lost });
    expect(found[0]!.changed['app/routers/kilns.py']).toBe(router('    db.commit()\n'));
  });

  it('leaves it alone when a project caller commits after calling it (a unit of work)', async () => {
    const batch =
      'from app.routers.kilns import create_kiln\n\n\ndef import_kilns(rows, db):\n' +
      '    for row in rows:\n        create_kiln(row, db)\n    db.commit()\n';
    const found = await candidatesOf(pythonMissingCommit, {
      files: { ...files('    db.flush()\n'), 'app/services/kiln_import.py': batch },
      cause: lost,
    });
    expect(found).toEqual([]);
  });

  it('leaves it alone when the session dependency commits after the request', async () => {
    const found = await candidatesOf(pythonMissingCommit, {
      files: files('    db.flush()\n', '        db.commit()\n'),
      cause: lost,
    });
    expect(found).toEqual([]);
  });
});
