import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonCopiedMappingKey } from './copied-mapping-key.js';
import { candidatesOf } from './test-support/python-context.js';

const models = `from sqlalchemy.orm import Mapped, mapped_column


class Reading(Base):
    __tablename__ = "readings"
    id: Mapped[int] = mapped_column(primary_key=True)
    sensor_id: Mapped[int]
    remark: Mapped[str]
    value: Mapped[float]
`;

const service = `from app.models import Reading


def record_reading(db, payload):
    data = payload.model_dump()
    data["remark"] = data["comment"].strip()
    data["value"] = float(data["value"])
    reading = Reading(**data)
    db.add(reading)
    return reading
`;

async function run(code: string, message = "'comment' is an invalid keyword argument for Reading") {
  const found = await candidatesOf(pythonCopiedMappingKey, {
    files: { 'app/models.py': models, 'app/service.py': code },
    culprit: { file: 'app/service.py', line: code.split('\n').findIndex((l) => l.includes('Reading(**')) + 1 },
    exception: { type: 'TypeError', message },
    cause: { kind: 'runtime_error' } as Partial<RootCause>,
  });
  return found.map((c) => c.changed['app/service.py']);
}

describe('python.copied-mapping-key', () => {
  it('pops the refused key where its value is copied to a column key', async () => {
    expect(await run(service)).toEqual([
      service.replace('data["remark"] = data["comment"].strip()', 'data["remark"] = data.pop("comment").strip()'),
    ]);
  });

  it("pops a single-quoted key copied as is, on Python's unexpected-keyword message", async () => {
    const plain = service.replace('data["remark"] = data["comment"].strip()', "data['remark'] = data['comment']");
    expect(await run(plain, "Reading.__init__() got an unexpected keyword argument 'comment'")).toEqual([
      plain.replace("data['remark'] = data['comment']", "data['remark'] = data.pop('comment')"),
    ]);
  });

  it('leaves a key read again, one never copied, and a copy to a key the model refuses too', async () => {
    const readAgain = service.replace('    db.add(reading)\n', '    db.add(reading)\n    log(data["comment"])\n');
    expect(await run(readAgain)).toEqual([]);
    expect(await run(service.replace('data["remark"] = data["comment"].strip()\n', ''))).toEqual([]);
    expect(await run(service.replace('data["remark"] =', 'data["remarks"] ='))).toEqual([]);
  });
});
