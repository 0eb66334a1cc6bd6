import { describe, expect, it } from 'vitest';
import { pythonReparsedValue } from './reparsed-value.js';
import { candidatesOf } from './test-support/python-context.js';

const schemas = (type: string) =>
  `from datetime import date, datetime\n\nfrom pydantic import BaseModel\n\n\nclass CutIn(BaseModel):\n` +
  `    yard_id: int\n    cut_on: ${type}\n`;
const service = (parse: string) =>
  `from datetime import date, datetime\n\nfrom app.schemas import CutIn\n\n\ndef create_cut(db, body: CutIn):\n` +
  `    cut_on = ${parse}\n    return Cut(yard_id=body.yard_id, cut_on=cut_on)\n`;
const run = (parse: string, type = 'date', message = 'fromisoformat: argument must be str') =>
  candidatesOf(pythonReparsedValue, {
    files: { 'app/schemas.py': schemas(type), 'app/cuts.py': service(parse) },
    culprit: { file: 'app/cuts.py', line: 7 },
    exception: { type: 'TypeError', message },
  }).then((found) => found.map((f) => f.changed['app/cuts.py']));

describe('python.reparsed-value', () => {
  it('uses the date the request model already parsed instead of date.fromisoformat of it', async () => {
    expect(await run('date.fromisoformat(body.cut_on)')).toEqual([service('body.cut_on')]);
  });

  it('does the same for datetime.strptime of a datetime field', async () => {
    const parse = 'datetime.strptime(body.cut_on, "%Y-%m-%dT%H:%M")';
    const message = 'strptime() argument 1 must be str, not datetime.datetime';
    expect(await run(parse, 'datetime', message)).toEqual([service('body.cut_on')]);
  });

  it('near miss: a field of another type, a str field, or another TypeError', async () => {
    expect(await run('date.fromisoformat(body.cut_on)', 'datetime')).toEqual([]);
    expect(await run('date.fromisoformat(body.cut_on)', 'str')).toEqual([]);
    expect(await run('date.fromisoformat(body.cut_on)', 'date', "unsupported operand type(s) for +: 'int'")).toEqual(
      [],
    );
  });
});
