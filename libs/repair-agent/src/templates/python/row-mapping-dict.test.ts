import { describe, expect, it } from 'vitest';
import { pythonRowMappingDict } from './row-mapping-dict.js';
import { candidatesOf } from './test-support/python-context.js';

const REFUSED = { type: 'TypeError', message: 'cannot convert dictionary update sequence element #0 to a sequence' };

async function run(source: string, line: number, exception = REFUSED) {
  const found = await candidatesOf(pythonRowMappingDict, {
    files: { 'app/report.py': source },
    culprit: { file: 'app/report.py', line },
    exception,
  });
  return found.map((c) => c.changed['app/report.py']);
}

const report = (imports: string, body: string) =>
  `${imports}\n\n\ndef totals(db):\n    rows = db.execute(select(Shelf.id.label("shelf_id"))).all()\n${body}\n`;

describe('python.row-mapping-dict', () => {
  it("reads a SQLAlchemy row's mapping in a comprehension over the rows", async () => {
    const source = report('from sqlalchemy import select', '    return [dict(row) for row in rows]');
    expect(await run(source, 6)).toEqual([source.replace('dict(row)', 'dict(row._mapping)')]);
  });

  it('takes the ValueError of a row with other than two columns, in a for loop', async () => {
    const source = report(
      'from sqlalchemy import select',
      '    out = []\n    for r in rows:\n        out.append(dict(r))\n    return out',
    );
    const [fixed] = await run(source, 8, {
      type: 'ValueError',
      message: 'dictionary update sequence element #0 has length 3; 2 is required',
    });
    expect(fixed).toContain('        out.append(dict(r._mapping))\n');
  });

  it('leaves a module without SQLAlchemy, and a name not bound by iteration', async () => {
    const raw = report('import sqlite3', '    return [dict(row) for row in rows]');
    expect(await run(raw, 6)).toEqual([]);
    const single = report('from sqlalchemy import select', '    first = rows[0]\n    return dict(first)');
    expect(await run(single, 7)).toEqual([]);
  });
});
