import { describe, expect, it } from 'vitest';
import { candidatesOf } from '../../templates/python/test-support/python-context.js';
import { pythonAttributeTypo } from './attribute-typo.js';

const models = `from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Herd(Base):
    __tablename__ = "herds"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    head_count: Mapped[int]
`;
const route = (extra: string) => `from app.models import Herd


def turn_out(db, payload, herd: Herd, other):
    if payload.head_count > herd.headcount:
        raise ValueError(f"{herd.name} has only {herd.headcount} head")
${extra}    return herd
`;

async function run(source: string) {
  const found = await candidatesOf(pythonAttributeTypo, {
    files: { 'app/models.py': models, 'app/routes.py': source },
    culprit: { file: 'app/routes.py', line: 5 },
    exception: { type: 'AttributeError', message: "'Herd' object has no attribute 'headcount'" },
  });
  return found.map((c) => c.changed['app/routes.py']);
}

describe('python.attribute-typo', () => {
  it("renames the attribute on the failing line and the same receiver's reads later in the function", async () => {
    expect(await run(route(''))).toEqual([route('').replaceAll('herd.headcount', 'herd.head_count')]);
  });

  it("leaves another receiver's attribute of that name alone", async () => {
    const extra = '    print(other.headcount)\n';
    expect(await run(route(extra))).toEqual([route(extra).replaceAll('herd.headcount', 'herd.head_count')]);
  });
});
