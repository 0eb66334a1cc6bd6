import { describe, expect, it } from 'vitest';
import { pythonAttributeTypo } from '../../recipes/python/attribute-typo.js';
import { pythonAttributeMeaning } from './attribute-meaning.js';
import { candidatesOf } from './test-support/python-context.js';

const models = `from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Patient(Base):
    __tablename__ = "patients"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str]
    birth_date: Mapped[str]
`;
const repository = `class OrderRepository:
    def __init__(self, session):
        self.session = session

    def get(self, order_id: int):
        return self.session.get(dict, order_id)

    def get_by_id(self, order_id: int):
        return self.get(order_id)

    def get_by_ids(self, ids: list[int], limit: int):
        return [self.get(i) for i in ids[:limit]]

    def list(self, limit: int = 50, offset: int = 0):
        return []

    def add(self, payload):
        return payload

    def get_by_email(self, email: str):
        return None
`;
const service = (body: string) => `from app.models import Patient\nfrom app.repository import OrderRepository\n\n\ndef handle(repo: OrderRepository, patient: Patient, order_id: int):\n${body}\n`;

async function run(body: string, owner: string, attribute: string, extra: Record<string, string> = {}) {
  const c = {
    files: { 'app/models.py': models, 'app/repository.py': repository, 'app/service.py': service(body), ...extra },
    culprit: { file: 'app/service.py', line: 6 },
    exception: { type: 'AttributeError', message: `'${owner}' object has no attribute '${attribute}'` },
  };
  const line = (changed: Record<string, string>) => changed['app/service.py']?.split('\n')[5];
  const typo = (await candidatesOf(pythonAttributeTypo, c)).map((x) => line(x.changed));
  const meaning = (await candidatesOf(pythonAttributeMeaning, c)).map((x) => [x.key, line(x.changed)]);
  return { typo, meaning };
}

describe('python.attribute-typo and python.attribute-meaning', () => {
  it('takes a model attribute that means the same with its words in another order', async () => {
    const { typo, meaning } = await run('    return {"born": patient.date_of_birth}', 'Patient', 'date_of_birth');
    expect(typo).toEqual([]);
    expect(meaning).toEqual([['python.attribute-meaning#words', '    return {"born": patient.birth_date}']]);
  });

  it('takes a repository method with a synonymous verb whose parameters fit the call', async () => {
    const { typo, meaning } = await run('    return repo.fetch_one(order_id)', 'OrderRepository', 'fetch_one');
    expect(typo).toEqual([]);
    expect(meaning).toEqual([['python.attribute-meaning#verb', '    return repo.get(order_id)']]);
  });

  it('spells a method name only to a method whose parameters fit the call', async () => {
    const { typo } = await run('    return repo.get_by_idd(order_id)', 'OrderRepository', 'get_by_idd');
    expect(typo).toEqual(['    return repo.get_by_id(order_id)']);
    const two = await run('    return repo.get_by_idd([order_id], 5)', 'OrderRepository', 'get_by_idd');
    expect(two.typo).toEqual(['    return repo.get_by_ids([order_id], 5)']);
  });

  it('proposes nothing when two members are as close in meaning', async () => {
    const twins = `class OrderRepository:\n    def get(self, order_id):\n        return None\n\n    def find(self, order_id):\n        return None\n`;
    const { typo, meaning } = await run('    return repo.fetch(order_id)', 'OrderRepository', 'fetch', { 'app/repository.py': twins });
    expect(typo).toEqual([]);
    expect(meaning).toEqual([]);
  });
});
