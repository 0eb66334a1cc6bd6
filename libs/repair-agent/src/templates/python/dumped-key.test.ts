import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonDumpedKey } from './dumped-key.js';
import { candidatesOf } from './test-support/python-context.js';

const schemas = 'class JobCreate(BaseModel):\n    property_name: str\n    village: str\n';
const route = (key: string) =>
  'def create_job(payload: JobCreate, db=Depends(get_db)):\n    data = payload.model_dump()\n' +
  '    cur = db.execute(\n        "INSERT INTO jobs (property_name, village) VALUES (?, ?)",\n' +
  `        (data.get("${key}"), data.get("village")),\n    )\n    return cur.lastrowid\n`;
const run = (key: string, message = 'NOT NULL constraint failed: jobs.property_name') =>
  candidatesOf(pythonDumpedKey, {
    files: { 'app/schemas.py': schemas, 'app/routers/jobs.py': route(key) },
    cause: {
      trace: { frames: [{ file: '/app/app/routers/jobs.py', line: 3, inApp: true }] },
    } as unknown as Partial<RootCause>,
    culprit: { file: 'app/routers/jobs.py', line: 3 },
    exception: { type: 'sqlite3.IntegrityError', message },
  });

describe('python.dumped-key', () => {
  it('reads the dumped dict under the field the refused column names', async () => {
    const found = await run('property');
    expect(found.map((f) => f.changed['app/routers/jobs.py'])).toEqual([route('property_name')]);
  });

  it('leaves a key the model has, and a field that is not the refused column', async () => {
    expect(await run('property_name')).toEqual([]);
    expect(await run('property', 'NOT NULL constraint failed: jobs.village')).toEqual([]);
  });
});
