import { describe, expect, it } from 'vitest';
import { pythonSqlBoundParameter } from './sql-bound-parameter.js';
import { candidatesOf } from './test-support/python-context.js';

const route = (call: string) =>
  'from sqlalchemy import text\n\n\n@router.get("/townships/{township}/banks")\n' +
  `def township_banks(township: str, db=Depends(get_db)):\n    rows = db.execute(\n${call}\n    ).mappings().all()\n` +
  '    return [dict(r) for r in rows]\n';
const run = (source: string) =>
  candidatesOf(pythonSqlBoundParameter, {
    files: { 'app/routers/reports.py': source },
    culprit: { file: 'app/routers/reports.py', line: 6 },
    exception: {
      type: 'sqlalchemy.exc.OperationalError',
      message: '(sqlite3.OperationalError) no such column: Achmore',
    },
  });

describe('python.sql-bound-parameter', () => {
  it('binds the spliced request value as a text() parameter', async () => {
    const spliced =
      '        text(\n            "SELECT id, name FROM banks "\n' +
      '            f"WHERE township = {township} ORDER BY id"\n        ),';
    const bound =
      '        text(\n            "SELECT id, name FROM banks "\n' +
      '            "WHERE township = :township ORDER BY id"\n' +
      '        ), {"township": township},';
    const found = await run(route(spliced));
    expect(found.map((f) => f.changed['app/routers/reports.py'])).toEqual([route(bound)]);
  });

  it('binds it as a DB-API ? parameter', async () => {
    const found = await run(route('        f"SELECT id FROM banks WHERE township = {township}"'));
    expect(found.map((f) => f.changed['app/routers/reports.py'])).toEqual([
      route('        "SELECT id FROM banks WHERE township = ?", (township,)'),
    ]);
  });

  it('leaves SQL that splices no parameter of the function', async () => {
    expect(await run(route('        f"SELECT id FROM {TABLE} WHERE 1"'))).toEqual([]);
  });
});
