import type { RootCause } from '../../types.js';
import { describe, expect, it } from 'vitest';
import { pythonMaxSequence } from './max-sequence.js';
import { candidatesOf } from './test-support/python-context.js';

const models = `from sqlalchemy.orm import Mapped, mapped_column


class Voucher(Base):
    __tablename__ = "vouchers"
    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(unique=True)
    batch: Mapped[str]
`;
const numbering = `from sqlalchemy import func, select

from app.models import Voucher


def next_serial(db, batch: str) -> str:
    stem = f"VC/{batch}/"
    issued = db.scalar(select(func.count(Voucher.id)).where(Voucher.serial.startswith(stem)))
    return f"{stem}{issued + 1:05d}"
`;
const routes = `from app.numbering import next_serial


@router.post("/vouchers", status_code=201)
def issue(payload: VoucherIn, db=Depends(get_db)):
    voucher = Voucher(serial=next_serial(db, payload.batch), batch=payload.batch)
    db.add(voucher)
    db.commit()
    return voucher
`;
const fixed = `import re
from sqlalchemy import func, select

from app.models import Voucher


def next_serial(db, batch: str) -> str:
    stem = f"VC/{batch}/"
    last_serial = db.scalar(select(func.max(Voucher.serial)).where(Voucher.serial.startswith(stem)))
    issued = int(re.search(r"\\d+$", last_serial).group()) if last_serial else 0
    return f"{stem}{issued + 1:05d}"
`;

async function run(files: Record<string, string>, message = 'UNIQUE constraint failed: vouchers.serial') {
  const route = files['app/routes.py']!;
  const line = route.split('\n').indexOf('    db.commit()') + 1;
  const found = await candidatesOf(pythonMaxSequence, {
    files: { 'app/models.py': models, ...files },
    culprit: { file: 'app/routes.py', line },
    exception: { type: 'sqlalchemy.exc.IntegrityError', message: `(sqlite3.IntegrityError) ${message}` },
    cause: { kind: 'runtime_error' } as Partial<RootCause>,
  });
  return found.map((c) => c.changed);
}

describe('python.max-sequence', () => {
  it("numbers the code after the highest existing one, in the helper the column's value comes from", async () => {
    expect(await run({ 'app/numbering.py': numbering, 'app/routes.py': routes })).toEqual([
      { 'app/numbering.py': fixed },
    ]);
  });

  it('does it in the route itself, through a local, keeping an existing import of re', async () => {
    const inline = `import re


def issue(payload, db):
    count = db.query(func.count(Voucher.id)).scalar() or 0
    serial = f"VC-{count + 1:04d}"
    voucher = Voucher(serial=serial, batch=payload.batch)
    db.add(voucher)
    db.commit()
    return voucher
`;
    const [changed] = await run({ 'app/routes.py': inline });
    expect(changed!['app/routes.py']).toBe(
      inline.replace(
        '    count = db.query(func.count(Voucher.id)).scalar() or 0\n',
        '    last_serial = db.query(func.max(Voucher.serial)).scalar()\n' +
          '    count = int(re.search(r"\\d+$", last_serial).group()) if last_serial else 0\n',
      ),
    );
  });

  it('leaves unpadded numbers, another column, a count that is not one, a number from elsewhere', async () => {
    const files = (text: string) => ({ 'app/numbering.py': text, 'app/routes.py': routes });
    // Unpadded codes do not sort as their numbers: the highest string is not the highest number.
    expect(await run(files(numbering.replace('{issued + 1:05d}', '{issued + 1}')))).toEqual([]);
    expect(await run(files(numbering), 'UNIQUE constraint failed: vouchers.batch')).toEqual([]);
    expect(await run(files(numbering.replace('func.count(Voucher.id)', 'func.sum(Voucher.id)')))).toEqual([]);
    expect(await run(files(numbering.replace('{issued + 1:05d}', '{issued:05d}')))).toEqual([]);
    // In a route, an f-string the column is not given.
    const label = routes.replace(
      '    voucher = Voucher(',
      '    n = db.scalar(select(func.count(Voucher.id)))\n    note = f"#{n + 1:03d}"\n    voucher = Voucher(',
    );
    expect(
      await run({ 'app/routes.py': label.replace('serial=next_serial(db, payload.batch)', 'serial=payload.serial') }),
    ).toEqual([]);
  });
});
