import type { RootCause } from '../../types.js';
import { describe, expect, it } from 'vitest';
import { pythonRowColumnKey } from './row-column-key.js';
import { candidatesOf } from './test-support/python-context.js';

const schema = `SCHEMA = """
CREATE TABLE shelves (id INTEGER PRIMARY KEY, label TEXT NOT NULL);
CREATE TABLE parcels (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shelf_id INTEGER NOT NULL REFERENCES shelves(id),
    sender TEXT NOT NULL,
    weight_grams INTEGER NOT NULL,
    postage_fee TEXT NOT NULL,
    CHECK (weight_grams > 0)
);
"""
`;
const routes = `def _to_parcel(row: sqlite3.Row) -> ParcelOut:
    return ParcelOut(
        id=row["id"],
        shelf_id=row["shelf_id"],
        sender=row["sender"],
        weight_grams=row["weight_grams"],
        postage_fee=row["fee"],
    )


@router.get("/parcels")
def list_parcels(conn=Depends(get_conn)):
    shelf = conn.execute("SELECT label FROM shelves WHERE id = 1").fetchone()
    rows = conn.execute("SELECT * FROM parcels ORDER BY id").fetchall()
    return [_to_parcel(r) for r in rows]
`;

async function run(source: string, files: Record<string, string> = { 'app/db.py': schema }, culprit = 'row["fee"]') {
  const lines = source.split('\n');
  const line = lines.findIndex((l) => l.includes(culprit)) + 1;
  const caller = lines.findIndex((l) => l.includes('_to_parcel(r)')) + 1;
  const found = await candidatesOf(pythonRowColumnKey, {
    files: { ...files, 'app/parcels.py': source },
    culprit: { file: 'app/parcels.py', line },
    exception: { type: 'IndexError', message: 'No item with that key' },
    cause: {
      kind: 'test_failure',
      trace: {
        frames: [
          ...(caller > 0 ? [{ file: '/srv/app/parcels.py', line: caller, inApp: true }] : []),
          { file: '/srv/app/parcels.py', line, inApp: true },
        ],
      },
    } as unknown as Partial<RootCause>,
  });
  return found.map((c) => c.changed['app/parcels.py']);
}

describe('python.row-column-key', () => {
  it('reads the column the value is given to, from a schema string of the project', async () => {
    expect(await run(routes)).toEqual([routes.replace('row["fee"]', 'row["postage_fee"]')]);
  });

  it('takes the one unread column sharing a word, from a .sql schema or a select list', async () => {
    const bare = routes.replace('postage_fee=row["fee"]', 'fee=row["fee"]').replace('row["sender"]', "row['sender']");
    const sql = { 'schema.sql': schema.replace(/^SCHEMA = """\n|"""\n$/g, '') };
    const fixed = bare.replace('row["fee"]', 'row["postage_fee"]');
    expect(await run(bare, sql)).toEqual([fixed]);
    const listed = bare.replace(
      'SELECT * FROM',
      'SELECT id, shelf_id, sender, weight_grams, postage_fee AS fee_total FROM',
    );
    expect(await run(listed, {})).toEqual([listed.replace('row["fee"]', 'row["fee_total"]')]);
  });

  it('renames every read of the key in the function', async () => {
    const twice = routes.replace(
      'weight_grams=row["weight_grams"],',
      'weight_grams=row["weight_grams"],\n        total=row["fee"],',
    );
    expect(await run(twice)).toEqual([twice.replaceAll('row["fee"]', 'row["postage_fee"]')]);
  });

  it('guesses no column without plain evidence or with the row unknown', async () => {
    // Two unread columns and nothing naming one.
    const vague = routes
      .replace('postage_fee=row["fee"]', 'amount=row["cost"]')
      .replace('        sender=row["sender"],\n', '');
    expect(await run(vague, undefined, 'row["cost"]')).toEqual([]);
    // The key is a real column: another error.
    expect(await run(routes.replace('row["fee"]', 'row["postage_fee"]'), undefined, 'row["postage_fee"]')).toEqual([]);
    // No schema to tell the table's columns.
    expect(await run(routes, {})).toEqual([]);
    // Another exception's IndexError.
    expect(
      (
        await candidatesOf(pythonRowColumnKey, {
          files: { 'app/db.py': schema, 'app/parcels.py': routes },
          culprit: { file: 'app/parcels.py', line: 7 },
          exception: { type: 'IndexError', message: 'list index out of range' },
        })
      ).length,
    ).toBe(0);
  });
});
