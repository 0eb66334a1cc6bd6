import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonExecuteRows } from './execute-rows.js';
import { candidatesOf } from './test-support/python-context.js';

async function run(routes: string) {
  const found = await candidatesOf(pythonExecuteRows, {
    files: { 'app/caves.py': routes },
    exception: { type: 'fastapi.exceptions.ResponseValidationError', message: '3 validation errors:' },
    cause: { kind: 'runtime_error', endpoints: ['GET /caves'] } as Partial<RootCause>,
  });
  return found.map((c) => c.changed['app/caves.py']);
}

const routes = (body: string) => `from fastapi import APIRouter
from sqlalchemy import select

router = APIRouter(prefix="/caves")


@router.get("", response_model=list[CaveOut])
async def list_caves(db: DbSession):
${body}
`;

describe('python.execute-rows', () => {
  it('returns the scalars of a one-entity select, by name or inline', async () => {
    const named = routes('    result = await db.execute(select(Cave).order_by(Cave.id))\n    return result.all()');
    expect(await run(named)).toEqual([named.replace('return result.all()', 'return result.scalars().all()')]);
    const inline = routes('    return (await db.execute(select(Cave).order_by(Cave.id))).all()');
    expect(await run(inline)).toEqual([inline.replace(')).all()', ')).scalars().all()')]);
  });

  it('leaves a select of columns or of two entities, and scalars already taken', async () => {
    expect(
      await run(routes('    result = await db.execute(select(Cave.id, Cave.name))\n    return result.all()')),
    ).toEqual([]);
    expect(await run(routes('    result = await db.execute(select(Cave, Wheel))\n    return result.all()'))).toEqual(
      [],
    );
    const rebound =
      '    result = await db.execute(select(Cave))\n    result = await db.execute(select(Cave, Wheel))\n' +
      '    return result.all()';
    expect(await run(routes(rebound))).toEqual([]);
    expect(await run(routes('    result = await db.execute(select(Cave))\n    return result.scalars().all()'))).toEqual(
      [],
    );
  });
});

// A handler handing the listing to a service, which hands it to a repository method.
const layered = (method: string) => ({
  'app/routes.py': `from fastapi import APIRouter, Depends
from app.services import CaveService

router = APIRouter(prefix="/caves")


@router.get("", response_model=list[CaveOut])
def list_caves(depth: int | None = None, skip: int = 0, db: Session = Depends(get_db)):
    return CaveService(db).list_caves(depth, skip)
`,
  'app/services.py': `from app.repository import CaveRepository


class CaveService:
    def __init__(self, db):
        self.caves = CaveRepository(db)

    def list_caves(self, depth, skip):
        return self.caves.search(depth=depth, skip=skip)
`,
  'app/repository.py': `from sqlalchemy import select


class CaveRepository:
    def __init__(self, db):
        self.db = db

${method}`,
});

async function runLayered(method: string) {
  const found = await candidatesOf(pythonExecuteRows, {
    files: layered(method),
    exception: { type: 'fastapi.exceptions.ResponseValidationError', message: '12 validation errors:' },
    cause: { kind: 'runtime_error', endpoints: ['GET /caves'] } as Partial<RootCause>,
  });
  return found.map((c) => c.changed['app/repository.py']);
}

describe('python.execute-rows through the functions the handler calls', () => {
  it('takes the scalars of a statement refined by rebinding, in a repository two calls deep', async () => {
    const method = `    def search(self, depth=None, skip=0):
        stmt = select(Cave).order_by(Cave.id)
        if depth is not None:
            stmt = stmt.where(Cave.depth >= depth)
        stmt = stmt.offset(skip).limit(20)
        return list(self.db.execute(stmt).all())
`;
    expect(await runLayered(method)).toEqual([
      layered(method)['app/repository.py'].replace('execute(stmt).all())', 'execute(stmt).scalars().all())'),
    ]);
  });

  it('takes the scalars of an inline select and of a result name a repository returns', async () => {
    const inline = '    def search(self, depth=None, skip=0):\n        return self.db.execute(select(Cave)).all()\n';
    expect(await runLayered(inline)).toEqual([
      layered(inline)['app/repository.py'].replace(').all()', ').scalars().all()'),
    ]);
    const named =
      '    def search(self, depth=None, skip=0):\n        stmt = select(Cave).limit(5)\n' +
      '        rows = self.db.execute(stmt)\n        return list(rows.all())\n';
    expect(await runLayered(named)).toEqual([
      layered(named)['app/repository.py'].replace('list(rows.all())', 'list(rows.scalars().all())'),
    ]);
  });

  it('leaves a statement rebound to columns, one handed in, or one of two entities', async () => {
    const columns = `    def search(self, depth=None, skip=0):
        stmt = select(Cave)
        stmt = select(Cave.id, Cave.name)
        return list(self.db.execute(stmt).all())
`;
    expect(await runLayered(columns)).toEqual([]);
    const widened =
      '    def search(self, depth=None, skip=0):\n        stmt = select(Cave)\n' +
      '        stmt = stmt.add_columns(Cave.depth)\n        return list(self.db.execute(stmt).all())\n';
    expect(await runLayered(widened)).toEqual([]);
    const param = '    def search(self, stmt=None, skip=0):\n        return list(self.db.execute(stmt).all())\n';
    expect(await runLayered(param)).toEqual([]);
    const pair =
      '    def search(self, depth=None, skip=0):\n        return self.db.execute(select(Cave, Wheel)).all()\n';
    expect(await runLayered(pair)).toEqual([]);
  });

  it('binds the scalars where the rows of a refined select go into a page model built by hand', async () => {
    const body =
      '    query = select(Cave)\n    query = query.where(Cave.open)\n' +
      '    items = db.execute(query.order_by(Cave.id).offset(0).limit(20)).all()\n' +
      '    return CavePage(items=items, total=len(items))';
    expect(await run(routes(body))).toEqual([routes(body.replace('.limit(20)).all()', '.limit(20)).scalars().all()'))]);
    // Near miss: rows of a select of columns, and rows bound but never read.
    const columns = body.replace('query = select(Cave)', 'query = select(Cave.id, Cave.name)');
    expect(await run(routes(columns))).toEqual([]);
    const unread = body.replace('items=items, total=len(items)', 'items=[]');
    expect(await run(routes(unread))).toEqual([]);
  });
});
