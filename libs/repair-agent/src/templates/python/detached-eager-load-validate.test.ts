import { describe, expect, it } from 'vitest';
import { pythonDetachedEagerLoad } from './detached-eager-load.js';
import { candidatesOf } from './test-support/python-context.js';

// The handler validates the detached object itself: pydantic's ValidationError carries the lazy load.
const MODELS =
  'from sqlalchemy.orm import DeclarativeBase, Mapped, relationship\n\n\nclass Base(DeclarativeBase):\n    pass\n\n\n' +
  'class Vat(Base):\n    __tablename__ = "vats"\n' +
  '    samples: Mapped[list["Sample"]] = relationship(back_populates="vat")\n';
const ROUTE =
  'from app.repository import vats\nfrom app.schemas import VatDetail\n\n\ndef vat_detail(vat_id: int):\n' +
  '    vat = vats.with_samples(vat_id)\n    return VatDetail.model_validate(vat)\n';
const error = (words: string) =>
  '1 validation error for VatDetail\nsamples\n  Error extracting attribute: DetachedInstanceError: ' +
  `${words} [type=get_attribute_error, input_value=<app.models.Vat object at 0x7f>, input_type=Vat]`;
const LAZY =
  "Parent instance <Vat at 0x7f5301cb7b50> is not bound to a Session; lazy load operation of attribute 'samples' " +
  'cannot proceed';

async function run(repository: string, words = LAZY) {
  const found = await candidatesOf(pythonDetachedEagerLoad, {
    files: { 'app/models.py': MODELS, 'app/repository.py': repository, 'app/routes.py': ROUTE },
    culprit: { file: 'app/routes.py', line: 7 },
    exception: { type: 'pydantic_core._pydantic_core.ValidationError', message: error(words) },
  });
  return found.map((c) => c.changed['app/repository.py']);
}

const METHOD =
  'from sqlalchemy import select\n\nfrom app.db import SessionLocal\nfrom app.models import Vat\n\n\n' +
  'class VatRepository:\n    def with_samples(self, vat_id: int):\n        with SessionLocal() as session:\n' +
  '            stmt = select(Vat).where(Vat.id == vat_id)\n            return session.scalars(stmt).first()\n\n\n' +
  'vats = VatRepository()\n';

describe('python.detached-eager-load: a handler validating the detached object (pydantic ValidationError)', () => {
  it("loads the relationship in a repository method's private-session select", async () => {
    const [fixed] = await run(METHOD);
    expect(fixed).toContain(
      '            stmt = select(Vat).options(selectinload(Vat.samples)).where(Vat.id == vat_id)\n',
    );
    expect(fixed).toContain('from sqlalchemy.orm import selectinload\n');
  });

  it('gives a private-session get the options keyword', async () => {
    const getter =
      'from app.db import SessionLocal\nfrom app.models import Vat\n\n\nclass VatRepository:\n' +
      '    def with_samples(self, vat_id: int):\n        with SessionLocal() as s:\n' +
      '            return s.get(Vat, vat_id)\n' +
      '\n\nvats = VatRepository()\n';
    const [fixed] = await run(getter);
    const loaded = 'return s.get(Vat, vat_id, options=[selectinload(Vat.samples)])';
    expect(fixed).toContain(`            ${loaded}\n`);
  });

  it('near miss: a ValidationError without the lazy-load words (an expired object)', async () => {
    expect(
      await run(METHOD, 'Instance <Vat at 0x7f> is not bound to a Session; attribute refresh operation cannot proceed'),
    ).toEqual([]);
  });
});
