import { describe, expect, it } from 'vitest';
import { pythonEnumColumnValues } from './enum-column-values.js';
import { candidatesOf } from './test-support/python-context.js';

const models = (column: string) => `import enum

from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import Mapped, mapped_column


class Grade(str, enum.Enum):
    PREMIUM = "premium"
    STANDARD = "standard"
    SECONDS = "seconds"


class Tasting(Base):
    __tablename__ = "tastings"

    grade: Mapped[Grade] = mapped_column(${column}, nullable=False)
`;

async function run(source: string, message: string) {
  const found = await candidatesOf(pythonEnumColumnValues, {
    files: { 'app/models.py': source },
    exception: { type: 'LookupError', message },
  });
  return found.map((c) => c.changed['app/models.py']);
}

const byName =
  "'standard' is not among the defined enum values. Enum name: grade. Possible values: PREMIUM, STANDARD, SECONDS";

describe('python.enum-column-values', () => {
  it('maps a column declared over several lines too', async () => {
    const multi = models('\n        SAEnum(Grade)\n    ');
    expect(await run(multi, byName)).toEqual([
      models('\n        SAEnum(Grade, values_callable=lambda e: [m.value for m in e])\n    '),
    ]);
  });

  it("maps the enum's columns by value when the stored string is a member's value", async () => {
    expect(await run(models('SAEnum(Grade)'), byName)).toEqual([
      models('SAEnum(Grade, values_callable=lambda e: [m.value for m in e])'),
    ]);
  });

  it('leaves a string that is no value, a column mapped by value already, and data written by name', async () => {
    const unknown = byName.replace("'standard'", "'gold'");
    expect(await run(models('SAEnum(Grade)'), unknown)).toEqual([]);
    const mapped = models('SAEnum(Grade, values_callable=lambda e: [m.value for m in e])');
    expect(await run(mapped, byName)).toEqual([]);
    const named = models('SAEnum(Grade), server_default="STANDARD"');
    expect(await run(named, byName)).toEqual([]);
  });
});
