import { describe, expect, it } from 'vitest';
import { pythonSqlParamsTuple } from './sql-params-tuple.js';
import { candidatesOf } from './test-support/python-context.js';

const UNSUPPORTED = { type: 'sqlite3.ProgrammingError', message: 'parameters are of unsupported type' };

async function run(body: string, line: number, exception = UNSUPPORTED) {
  const source = `import sqlite3\n\n\ndef load(db: sqlite3.Connection, vessel_id, code):\n${body}\n`;
  const found = await candidatesOf(pythonSqlParamsTuple, {
    files: { 'app/vessels.py': source },
    culprit: { file: 'app/vessels.py', line },
    exception,
  });
  return { source, fixed: found.map((c) => c.changed['app/vessels.py']) };
}

describe('python.sql-params-tuple', () => {
  it('adds the trailing comma to a parenthesised single parameter on the culprit line', async () => {
    const { source, fixed } = await run(
      '    return db.execute("SELECT * FROM vessels WHERE id = ?", (vessel_id)).fetchone()',
      5,
    );
    expect(fixed).toEqual([source.replace('(vessel_id))', '(vessel_id,))')]);
  });

  it('follows a call spanning lines, and a string parameter counted as several bindings', async () => {
    const { source, fixed } = await run(
      '    rows = db.executemany(\n        "DELETE FROM vessels WHERE code = ?",\n        (code.upper()),\n    )',
      5,
      {
        type: 'ProgrammingError',
        message: 'Incorrect number of bindings supplied. The current statement uses 1, and there are 4 supplied.',
      },
    );
    expect(fixed).toEqual([source.replace('(code.upper()),', '(code.upper(),),')]);
  });

  it('wraps a bare attribute, or a parameter of the function the driver cannot bind', async () => {
    const attribute = await run('    return db.execute("SELECT * FROM vessels WHERE id = ?", payload.vessel_id)', 5);
    expect(attribute.fixed).toEqual([attribute.source.replace('payload.vessel_id)', '(payload.vessel_id,))')]);
    const parameter = await run('    return db.execute("SELECT * FROM vessels WHERE id = ?", vessel_id).fetchone()', 5);
    expect(parameter.fixed).toEqual([parameter.source.replace(', vessel_id)', ', (vessel_id,))')]);
    const string = {
      type: 'ProgrammingError',
      message: 'Incorrect number of bindings supplied. The current statement uses 1, and there are 4 supplied.',
    };
    const spread = await run(
      '    return db.execute(\n        "SELECT 1 WHERE ? = 1",\n        req.code,\n    )',
      5,
      string,
    );
    expect(spread.fixed).toEqual([spread.source.replace('        req.code,', '        (req.code,),')]);
    // A string parameter of the function: its characters may be the bindings meant (a list would be too).
    expect((await run('    return db.execute("SELECT ?", code)', 5, string)).fixed).toEqual([]);
  });

  it('leaves parameters already a tuple, a list, a local name, a call, or a bracketed collection', async () => {
    for (const params of [
      '(vessel_id,)',
      '(vessel_id, code)',
      '[vessel_id]',
      'params',
      'build()',
      '({"id": vessel_id})',
    ]) {
      const { fixed } = await run(`    return db.execute("SELECT * FROM vessels WHERE id = ?", ${params})`, 5);
      expect(fixed).toEqual([]);
    }
  });
});
