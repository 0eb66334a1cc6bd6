import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonUncommittedCreate } from './uncommitted-create.js';
import { candidatesOf } from './test-support/python-context.js';

const farmers = (write: string) => `from fastapi import APIRouter, Depends

router = APIRouter(prefix="/api/farmers")


@router.post("", status_code=201)
def create_farmer(payload: FarmerCreate, db: Session = Depends(get_db)):
    farmer = Farmer(**payload.model_dump())
    db.add(farmer)
    ${write}
    db.refresh(farmer)
    return farmer
`;
const prices =
  'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/api/prices")\n\n\n@router.put("/{crop}")\n' +
  'def set_price(crop: str, payload: PriceIn, db=Depends(get_db)):\n    price = db.get(Price, crop)\n' +
  '    price.per_tonne = payload.per_tonne\n    db.commit()\n    return price\n';
const database = (yielded: string) =>
  `def get_db():\n    db = SessionLocal()\n    try:\n        yield db\n${yielded}    finally:\n        db.close()\n`;
const test =
  'def test_create_farmer_is_persisted(client):\n    r = client.post("/api/farmers", json={"name": "Aiko"})\n' +
  '    assert r.status_code == 201\n    listed = client.get("/api/farmers").json()\n' +
  '    assert [f["id"] for f in listed] == [1, 2, 3, 4, 5]\n';

async function run(write: string, yielded = '', message = 'assert [1, 2, 3, 4] == [1, 2, 3, 4, 5]') {
  const found = await candidatesOf(pythonUncommittedCreate, {
    files: {
      'app/routers/farmers.py': farmers(write),
      'app/routers/prices.py': prices,
      'app/database.py': database(yielded),
      'tests/test_farmers.py': test,
    },
    cause: {
      kind: 'test_failure',
      endpoints: ['GET /api/farmers'],
      violations: [
        {
          kind: 'test_failure',
          endpoint: 'GET /api/farmers',
          nodeid: 'tests/test_farmers.py::test_create_farmer_is_persisted',
          message,
          signature: { message },
        },
      ],
    } as unknown as Partial<RootCause>,
  });
  return found.map((c) => c.changed['app/routers/farmers.py']);
}

describe('python.uncommitted-create', () => {
  it("commits the create's flush when the listing misses the record and the project's writes commit", async () => {
    expect(await run('db.flush()')).toEqual([farmers('db.commit()')]);
  });

  it('commits the flush of the repository function the handler hands the create to', async () => {
    const repository = (write: string) =>
      `def create(db, data):\n    farmer = Farmer(**data.model_dump())\n    db.add(farmer)\n    ${write}\n` +
      '    db.refresh(farmer)\n    return farmer\n';
    const router =
      'from fastapi import APIRouter, Depends\n\nfrom app.repositories import farmer_repository\n\n' +
      'router = APIRouter(prefix="/api/farmers")\n\n\n@router.post("", status_code=201)\n' +
      'def create_farmer(payload: FarmerCreate, db: Session = Depends(get_db)):\n' +
      '    return farmer_repository.create(db, payload)\n';
    const files = (write: string) => ({
      'app/routers/farmers.py': router,
      'app/repositories/farmer_repository.py': repository(write),
      'app/routers/prices.py': prices,
      'app/database.py': database(''),
      'tests/test_farmers.py': test,
    });
    const cause = {
      kind: 'test_failure',
      endpoints: ['GET /api/farmers'],
      violations: [
        {
          kind: 'test_failure',
          endpoint: 'GET /api/farmers',
          nodeid: 'tests/test_farmers.py::test_create_farmer_is_persisted',
          message: 'assert [1, 2, 3, 4] == [1, 2, 3, 4, 5]',
          signature: { message: 'assert [1, 2, 3, 4] == [1, 2, 3, 4, 5]' },
        },
      ],
    } as unknown as Partial<RootCause>;
    const found = await candidatesOf(pythonUncommittedCreate, { files: files('db.flush()'), cause });
    expect(found.map((c) => c.changed['app/repositories/farmer_repository.py'])).toEqual([repository('db.commit()')]);
    expect(await candidatesOf(pythonUncommittedCreate, { files: files('db.commit()'), cause })).toEqual([]);
    // Another caller of the repository function (an import job): its unit of work is not ours to end.
    const shared = {
      ...files('db.flush()'),
      'app/jobs/imports.py':
        'from app.repositories import farmer_repository\n\n\ndef import_all(db, rows):\n' +
        '    for row in rows:\n        farmer_repository.create(db, row)\n',
    };
    expect(await candidatesOf(pythonUncommittedCreate, { files: shared, cause })).toEqual([]);
  });

  it('leaves a dependency that commits, a create that commits, and another assertion', async () => {
    expect(await run('db.flush()', '        db.commit()\n')).toEqual([]);
    expect(await run('db.commit()')).toEqual([]);
    expect(await run('db.flush()', '', 'assert [1, 2, 3] == [1, 2, 4]')).toEqual([]);
    // A flush for the id child rows then use is no last write.
    expect(await run('db.flush()\n    db.add(Line(farmer_id=farmer.id))')).toEqual([]);
  });
});
