import type { RootCause } from '../../types.js';
import { describe, expect, it } from 'vitest';
import { pythonSqlBindName } from './sql-bind-name.js';
import { candidatesOf } from './test-support/python-context.js';

const routes = `from sqlalchemy import text

STOCK_SQL = text(
    """
    SELECT w.id, COUNT(p.id) AS parcels
    FROM warehouses w LEFT JOIN parcels p ON p.warehouse_id = w.id
    WHERE w.id = :warehouse_id AND p.kind = :kind
    GROUP BY w.id
    """
)


@router.get("/warehouses/{warehouse_id}/stock")
def stock(warehouse_id: int, kind: str, db: Session = Depends(get_db)):
    row = db.execute(STOCK_SQL, {"warehouse": warehouse_id, "kind": kind}).mappings().first()
    return row
`;
const message =
  "(sqlalchemy.exc.InvalidRequestError) A value is required for bind parameter 'warehouse_id'\n[SQL: SELECT …]";

async function run(source: string, text = message) {
  const line = source.split('\n').findIndex((l) => l.includes('.execute(')) + 1;
  const found = await candidatesOf(pythonSqlBindName, {
    files: { 'app/stock.py': source },
    culprit: { file: 'app/stock.py', line },
    exception: { type: 'sqlalchemy.exc.StatementError', message: text },
    cause: { kind: 'runtime_error' } as Partial<RootCause>,
  });
  return found.map((c) => c.changed['app/stock.py']);
}

describe('python.sql-bind-name', () => {
  it('renames the dict key to the parameter a module-level text() binds', async () => {
    expect(await run(routes)).toEqual([routes.replace('{"warehouse": warehouse_id', '{"warehouse_id": warehouse_id')]);
  });

  it('reads inline SQL and a local statement, over a call spanning lines', async () => {
    const inline = `def count_in(db, shelf_id):
    return db.execute(
        text("SELECT COUNT(*) FROM boxes WHERE shelf_id = :shelf_id"),
        {'shelf': shelf_id},
    ).scalar_one()
`;
    const msg = "A value is required for bind parameter 'shelf_id'";
    expect(await run(inline, msg)).toEqual([inline.replace("{'shelf'", "{'shelf_id'")]);
    const local = `def count_in(db, shelf_id):
    sql = text("SELECT COUNT(*) FROM boxes WHERE shelf_id = :shelf_id AND at > '10:30'")
    return db.execute(sql, {"shelf": shelf_id}).scalar_one()
`;
    expect(await run(local, msg)).toEqual([local.replace('{"shelf"', '{"shelf_id"')]);
  });

  it('leaves keys that do not pair one to one, SQL built in steps, other parameters', async () => {
    // Two keys unmatched: which one was meant is a guess.
    expect(await run(routes.replace('"kind": kind', '"sort": kind'))).toEqual([]);
    // Every parameter has a key: the error is about something else.
    expect(await run(routes.replace('"warehouse":', '"warehouse_id":'))).toEqual([]);
    // A statement extended conditionally: its parameters are not all in one literal.
    const built = `def find(db, name, city):
    sql = "SELECT * FROM shops WHERE name = :name"
    if city:
        sql += " AND city = :city"
    return db.execute(text(sql), {"shop": name}).all()
`;
    expect(await run(built, "A value is required for bind parameter 'name'")).toEqual([]);
    // Parameters not in a dict literal.
    expect(await run(routes.replace('{"warehouse": warehouse_id, "kind": kind}', 'params'))).toEqual([]);
    expect(await run(routes, "A value is required for bind parameter 'other'")).toEqual([]);
  });
});
