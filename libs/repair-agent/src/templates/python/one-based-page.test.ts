import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonOneBasedPage } from './one-based-page.js';
import { candidatesOf } from './test-support/python-context.js';

const router = (page: string) => `from fastapi import APIRouter, Depends, Query

from app.services import deliveries as service

router = APIRouter(prefix="/api/deliveries")


@router.get("")
def list_deliveries(${page}, page_size: int = Query(20, ge=1, le=100), db=Depends(get_db)):
    items, total = service.list_deliveries(db, page, page_size)
    return {"items": items, "total": total}
`;
const service = (offset: string) => `def list_deliveries(db, page: int, page_size: int):
    query = select(Delivery)
    total = db.scalar(select(func.count()).select_from(query.subquery()))
    ${offset}
    return items, total
`;

async function run(routes: string, services: string) {
  const endpoint = 'GET /api/deliveries';
  const found = await candidatesOf(pythonOneBasedPage, {
    files: { 'app/routers/deliveries.py': routes, 'app/services/deliveries.py': services },
    cause: {
      kind: 'test_failure',
      endpoints: [endpoint],
      violations: [{ endpoint, kind: 'test_failure' }],
    } as unknown as Partial<RootCause>,
  });
  return found.map((c) => c.changed['app/services/deliveries.py']);
}

describe('python.one-based-page', () => {
  it('offsets a page numbered from 1 by (page - 1) * size, in the service the handler calls', async () => {
    const wrong = 'items = db.scalars(query.offset(page * page_size).limit(page_size)).all()';
    expect(await run(router('page: int = Query(1, ge=1)'), service(wrong))).toEqual([
      service('items = db.scalars(query.offset((page - 1) * page_size).limit(page_size)).all()'),
    ]);
  });

  it('leaves a page numbered from 0, and an offset already counted from 1', async () => {
    const wrong = 'items = db.scalars(query.offset(page * page_size).limit(page_size)).all()';
    expect(await run(router('page: int = Query(0, ge=0)'), service(wrong))).toEqual([]);
    const right = 'items = db.scalars(query.offset((page - 1) * page_size).limit(page_size)).all()';
    expect(await run(router('page: int = Query(1, ge=1)'), service(right))).toEqual([]);
    // A product that is no offset (a has-more bound), and a page the handler already made 0-based.
    const bound = 'items = db.scalars(query).all()\n    more = page * page_size < total';
    expect(await run(router('page: int = Query(1, ge=1)'), service(bound))).toEqual([]);
    const converted = router('page: int = Query(1, ge=1)').replace(
      '(db, page, page_size)',
      '(db, page - 1, page_size)',
    );
    expect(await run(converted, service(wrong))).toEqual([]);
  });

  it('slices a list for a page numbered from 1 from (page - 1) * size, in either spelling of the end', async () => {
    const sliced = (bounds: string) => `items = rows[${bounds}]`;
    const rows = 'rows = list(db.scalars(query))\n    ';
    const fixed = service(rows + sliced('(page - 1) * page_size : page * page_size'));
    const oneBased = router('page: int = 1');
    expect(await run(oneBased, service(rows + sliced('page * page_size : page * page_size + page_size')))).toEqual([
      fixed,
    ]);
    expect(await run(oneBased, service(rows + sliced('page * page_size:(page + 1) * page_size')))).toEqual([fixed]);
    expect(
      await run(router('page: int = 0'), service(rows + sliced('page * page_size:(page + 1) * page_size'))),
    ).toEqual([]);
  });

  it("finds the handler of a router its app includes in a loop over the routers' modules", async () => {
    const handler = `from fastapi import APIRouter, Query
from sqlalchemy import select

router = APIRouter(prefix="/deliveries")


@router.get("")
def list_deliveries(page: int = Query(1, ge=1), size: int = Query(20), db=Depends(get_db)):
    return db.scalars(select(Delivery).offset(page * size).limit(size)).all()
`;
    const main = `from fastapi import FastAPI

from app.routers import deliveries, health

app = FastAPI()

for module in (health, deliveries):
    app.include_router(module.router, prefix="/api")
`;
    const endpoint = 'GET /api/deliveries';
    const found = await candidatesOf(pythonOneBasedPage, {
      files: {
        'app/main.py': main,
        'app/routers/deliveries.py': handler,
        'app/routers/health.py': 'from fastapi import APIRouter\n\nrouter = APIRouter()\n',
      },
      cause: { kind: 'test_failure', endpoints: [endpoint], violations: [] } as unknown as Partial<RootCause>,
    });
    expect(found.map((c) => c.changed['app/routers/deliveries.py'])).toEqual([
      handler.replace('offset(page * size)', 'offset((page - 1) * size)'),
    ]);
  });
});
