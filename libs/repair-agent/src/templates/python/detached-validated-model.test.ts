import { describe, expect, it } from 'vitest';
import { pythonDetachedValidatedModel } from './detached-validated-model.js';
import { candidatesOf } from './test-support/python-context.js';

// The log kept only pydantic's first line: `1 validation error for VatDetail`.
const MODELS =
  'from sqlalchemy.orm import DeclarativeBase, Mapped, relationship\n\n\nclass Base(DeclarativeBase):\n    pass\n\n\n' +
  'class Vat(Base):\n    __tablename__ = "vats"\n' +
  '    samples: Mapped[list["Sample"]] = relationship(back_populates="vat")\n' +
  '    owner: Mapped["Owner"] = relationship()\n';
const SCHEMAS = (field: string) =>
  `from pydantic import BaseModel\n\n\nclass VatDetail(BaseModel):\n    id: int\n    ${field}: list[SampleOut]\n`;
const ROUTE =
  'from app.repository import vats\nfrom app.schemas import VatDetail\n\n\ndef vat_detail(vat_id: int):\n' +
  '    vat = vats.with_samples(vat_id)\n    return VatDetail.model_validate(vat)\n';
const SELECT =
  'from sqlalchemy import select\n\nfrom app.db import SessionLocal\nfrom app.models import Vat\n\n\n' +
  'class VatRepository:\n    def with_samples(self, vat_id: int):\n        with SessionLocal() as session:\n' +
  '            stmt = select(Vat).where(Vat.id == vat_id)\n            return session.scalars(stmt).first()\n\n\n' +
  'vats = VatRepository()\n';

async function run(repository: string, field = 'samples', message = '1 validation error for VatDetail') {
  const found = await candidatesOf(pythonDetachedValidatedModel, {
    files: {
      'app/models.py': MODELS,
      'app/schemas.py': SCHEMAS(field),
      'app/repository.py': repository,
      'app/routes.py': ROUTE,
    },
    culprit: { file: 'app/routes.py', line: 7 },
    exception: { type: 'pydantic_core._pydantic_core.ValidationError', message },
  });
  return found.map((c) => c.changed['app/repository.py']);
}

describe('python.detached-eager-load#validated', () => {
  it('loads the relationship the validated model has a field for, in the select', async () => {
    const [fixed] = await run(SELECT);
    expect(fixed).toContain('stmt = select(Vat).options(selectinload(Vat.samples)).where(Vat.id == vat_id)\n');
    expect(fixed).toContain('from sqlalchemy.orm import selectinload\n');
  });

  it('gives a private-session get the options keyword', async () => {
    const getter = SELECT.replace(
      '            stmt = select(Vat).where(Vat.id == vat_id)\n            return session.scalars(stmt).first()\n',
      '            return session.get(Vat, vat_id)\n',
    );
    const [fixed] = await run(getter);
    expect(fixed).toContain('return session.get(Vat, vat_id, options=[selectinload(Vat.samples)])\n');
  });

  it('near miss: a model with no field named like a relationship, or another first line', async () => {
    expect(await run(SELECT, 'sample_count')).toEqual([]);
    expect(await run(SELECT, 'samples', '1 validation error for Other')).toEqual([]);
  });
});
