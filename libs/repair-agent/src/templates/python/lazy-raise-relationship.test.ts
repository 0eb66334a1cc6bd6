import { describe, expect, it } from 'vitest';
import { pythonLazyRaiseRelationship } from './lazy-raise-relationship.js';
import { candidatesOf } from './test-support/python-context.js';

const models = (cuttings: string) => `from sqlalchemy.orm import Mapped, relationship


class Bank(Base):
    name: Mapped[str]
    cuttings: Mapped[list["Cutting"]] = ${cuttings}


class Cutting(Base):
    bank: Mapped[Bank] = relationship(back_populates="cuttings")
`;
const message = (name: string) => `'${name}' is not available due to lazy='raise'`;

async function run(modelSource: string, text = message('Bank.cuttings')) {
  const found = await candidatesOf(pythonLazyRaiseRelationship, {
    files: { 'app/models.py': modelSource, 'app/banks.py': 'def detail(bank):\n    return len(bank.cuttings)\n' },
    culprit: { file: 'app/banks.py', line: 2 },
    exception: { type: 'sqlalchemy.exc.InvalidRequestError', message: text },
  });
  return found.map((c) => c.changed['app/models.py']);
}

describe('python.lazy-raise-relationship', () => {
  it('loads the named relationship with its parent', async () => {
    expect(await run(models('relationship(back_populates="bank", lazy="raise")'))).toEqual([
      models('relationship(back_populates="bank", lazy="selectin")'),
    ]);
    expect(await run(models("relationship(lazy='raise_on_sql')"))).toEqual([models('relationship(lazy="selectin")')]);
  });

  it('leaves another lazy= setting, another class, and another message alone', async () => {
    expect(await run(models('relationship(back_populates="bank", lazy="dynamic")'))).toEqual([]);
    expect(await run(models('relationship(lazy="raise")'), message('Cutting.cuttings'))).toEqual([]);
    expect(await run(models('relationship(lazy="raise")'), 'Instance is not bound to a Session')).toEqual([]);
  });
});
