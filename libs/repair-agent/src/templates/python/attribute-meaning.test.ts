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
const service = (body: string) =>
  `from app.models import Patient\nfrom app.repository import OrderRepository\n\n\n` +
  `def handle(repo: OrderRepository, patient: Patient, order_id: int):\n${body}\n`;

async function run(
  body: string,
  owner: string,
  attribute: string,
  extra: Record<string, string> = {},
  on: 'object' | 'type object' = 'object',
) {
  const subject = on === 'object' ? `'${owner}' object` : `type object '${owner}'`;
  const c = {
    files: { 'app/models.py': models, 'app/repository.py': repository, 'app/service.py': service(body), ...extra },
    culprit: { file: 'app/service.py', line: 6 },
    exception: { type: 'AttributeError', message: `${subject} has no attribute '${attribute}'` },
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

  describe('a synonym of one word', () => {
    const priced = models.replace(
      '    birth_date: Mapped[str]\n',
      '    birth_date: Mapped[str]\n    hourly_rate: Mapped[float]\n    contact_phone: Mapped[str]\n',
    );

    it('hourly_fee → hourly_rate, read in arithmetic', async () => {
      const { typo, meaning } = await run('    return patient.hourly_fee * 1.5', 'Patient', 'hourly_fee', {
        'app/models.py': priced,
      });
      expect(typo).toEqual([]);
      expect(meaning).toEqual([['python.attribute-meaning#synonym', '    return patient.hourly_rate * 1.5']]);
    });

    it('rate_per_hour → hourly_rate: the same words, one as its adjective, a filler word aside', async () => {
      const { typo, meaning } = await run('    return 2 * patient.rate_per_hour', 'Patient', 'rate_per_hour', {
        'app/models.py': priced,
      });
      expect([...typo, ...meaning.map((m) => m[1])]).toEqual(['    return 2 * patient.hourly_rate']);
    });

    it('contact_mobile → contact_phone, passed on as an argument', async () => {
      const { meaning } = await run('    return notify(patient.contact_mobile)', 'Patient', 'contact_mobile', {
        'app/models.py': priced,
      });
      expect(meaning).toEqual([['python.attribute-meaning#synonym', '    return notify(patient.contact_phone)']]);
    });

    it('weight_per_100m → kg_per_100m: a quantity for the unit the model keeps it in', async () => {
      const weighed = priced.replace('    hourly_rate: Mapped[float]\n', '    kg_per_100m: Mapped[float]\n');
      const { meaning } = await run('    return patient.weight_per_100m * 2', 'Patient', 'weight_per_100m', {
        'app/models.py': weighed,
      });
      expect(meaning).toEqual([['python.attribute-meaning#synonym', '    return patient.kg_per_100m * 2']]);
    });

    it('no synonym when the other words differ, or two members would fit', async () => {
      expect(
        (await run('    return patient.daily_fee', 'Patient', 'daily_fee', { 'app/models.py': priced })).meaning,
      ).toEqual([]);
      const twins = priced.replace('    contact_phone: Mapped[str]\n', '    hourly_price: Mapped[float]\n');
      expect(
        (await run('    return patient.hourly_fee', 'Patient', 'hourly_fee', { 'app/models.py': twins })).meaning,
      ).toEqual([]);
    });
  });

  it('takes the column the attribute is compared with by name (Horse.owner_id == customer_id)', async () => {
    const horses = models.replace(
      '    birth_date: Mapped[str]\n',
      '    birth_date: Mapped[str]\n    customer_id: Mapped[int]\n',
    );
    const query = '    return select(Patient).where(Patient.owner_id == customer_id)';
    const { meaning } = await run(query, 'Patient', 'owner_id', { 'app/models.py': horses }, 'type object');
    expect(meaning[0]).toEqual([
      'python.attribute-meaning#keyword',
      '    return select(Patient).where(Patient.customer_id == customer_id)',
    ]);
    // A value whose name is no member says nothing.
    const other = await run(
      query.replace('== customer_id', '== owner'),
      'Patient',
      'owner_id',
      {
        'app/models.py': horses,
      },
      'type object',
    );
    expect(other.meaning.filter(([key]) => key === 'python.attribute-meaning#keyword')).toEqual([]);
  });

  it('proposes nothing when two members are as close in meaning', async () => {
    const twins =
      `class OrderRepository:\n    def get(self, order_id):\n        return None\n\n` +
      `    def find(self, order_id):\n        return None\n`;
    const { typo, meaning } = await run('    return repo.fetch(order_id)', 'OrderRepository', 'fetch', {
      'app/repository.py': twins,
    });
    expect(typo).toEqual([]);
    expect(meaning).toEqual([]);
  });
});

describe("python.attribute-meaning: a moment name is the model's one date column", () => {
  const members = `from datetime import date

from sqlalchemy import Date, Enum, String
from sqlalchemy.orm import Mapped, mapped_column


class Member(Base):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    membership_tier: Mapped[str] = mapped_column(String(20), nullable=False)
    joined_on: Mapped[date] = mapped_column(Date, nullable=False, default=date.today)
`;
  const run = async (
    item: typeof pythonAttributeMeaning | typeof pythonAttributeTypo,
    models: string,
    service: string,
    line: number,
  ) =>
    (
      await candidatesOf(item, {
        files: { 'app/models.py': models, 'app/service.py': service },
        culprit: { file: 'app/service.py', line },
        exception: { type: 'AttributeError', message: "'Member' object has no attribute 'member_since'" },
      })
    ).map((c) => c.changed['app/service.py']?.split('\n')[line - 1]);
  const service =
    'from datetime import date\n\n\ndef stats(member):\n    return (date.today() - member.member_since).days\n';

  it('member_since → joined_on; the spelling recipe does not offer membership_tier', async () => {
    expect(await run(pythonAttributeMeaning, members, service, 5)).toEqual([
      '    return (date.today() - member.joined_on).days',
    ]);
    expect(await run(pythonAttributeTypo, members, service, 5)).toEqual([]);
  });

  it('with Column(...) declarations and a datetime column in another statement shape', async () => {
    const columns = members
      .replace(/^ {4}(\w+): Mapped\[[^\]]+\] = mapped_column\((.*)\)$/gm, '    $1 = Column($2)')
      .replace('Column(Date,', 'Column(DateTime,');
    const other = 'def since(member):\n    started = member.member_since\n    return started.isoformat()\n';
    expect(await run(pythonAttributeMeaning, columns, other, 2)).toEqual(['    started = member.joined_on']);
  });

  it(`a moment name whose words name a column typed otherwise keeps it: date_of_birth → birth_date (text), never \
joined_at`, async () => {
    const people = members.replace(
      '    membership_tier: Mapped[str] = mapped_column(String(20), nullable=False)\n',
      '    birth_date: Mapped[str] = mapped_column(String(10))\n',
    );
    const read = 'def read(member):\n    return {"born": member.date_of_birth}\n';
    const found = await candidatesOf(pythonAttributeMeaning, {
      files: { 'app/models.py': people, 'app/service.py': read },
      culprit: { file: 'app/service.py', line: 2 },
      exception: { type: 'AttributeError', message: "'Member' object has no attribute 'date_of_birth'" },
    });
    expect(found.map((c) => c.changed['app/service.py']?.split('\n')[1])).toEqual([
      '    return {"born": member.birth_date}',
    ]);
  });

  describe('on a pydantic schema', () => {
    const schemas =
      'from datetime import date, datetime\n\nfrom pydantic import BaseModel, Field\n\n\n' +
      'class DoseCreate(BaseModel):\n    vaccine: str = Field(min_length=1)\n' +
      '    given_on: date = Field(examples=["2024-04-02"])\n    note: str | None = None\n';
    const meant = async (schemaSource: string, attribute: string, owner = 'DoseCreate', keyword = 'given_on') => {
      const service =
        `def record(repo, pet_id, payload: ${owner}):\n` +
        `    return repo.add(Dose(pet_id=pet_id, vaccine=payload.vaccine, ${keyword}=payload.${attribute}))\n`;
      const found = await candidatesOf(pythonAttributeMeaning, {
        files: { 'app/schemas.py': schemaSource, 'app/service.py': service },
        culprit: { file: 'app/service.py', line: 2 },
        exception: { type: 'AttributeError', message: `'${owner}' object has no attribute '${attribute}'` },
      });
      return found.map((c) => c.changed['app/service.py']?.split('\n')[1]);
    };

    it("administered_on → the schema's one date field given_on", async () => {
      expect(await meant(schemas, 'administered_on')).toEqual([
        '    return repo.add(Dose(pet_id=pet_id, vaccine=payload.vaccine, given_on=payload.given_on))',
      ]);
    });

    it('open_date → opened_on on an update schema whose one moment field is optional and datetime-typed', async () => {
      const update =
        'class AccountUpdate(BaseModel):\n    name: str\n    opened_on: datetime | None = None\n' +
        '    is_active: bool = True\n';
      expect(await meant(update, 'open_date', 'AccountUpdate')).toEqual([
        '    return repo.add(Dose(pet_id=pet_id, vaccine=payload.vaccine, given_on=payload.opened_on))',
      ]);
    });

    it(`proposes nothing when the schema has two moment fields, unless the keyword it is read into names \
one`, async () => {
      const two = schemas.replace('    note: str | None = None\n', '    due_on: date | None = None\n');
      expect(await meant(two, 'administered_on', 'DoseCreate', 'dose_day')).toEqual([]);
      expect(await meant(two, 'administered_on')).toEqual([
        '    return repo.add(Dose(pet_id=pet_id, vaccine=payload.vaccine, given_on=payload.given_on))',
      ]);
    });
  });

  it('of two moment columns, the one with the same words: Booking.start_time → starts_at', async () => {
    const bookings = `from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column


class Booking(Base):
    __tablename__ = "bookings"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    starts_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    ends_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
`;
    const query =
      'from sqlalchemy import select\n\n\ndef clashes(db, starts, ends):\n' +
      '    stmt = select(Booking).where(Booking.start_time < ends, Booking.ends_at > starts)\n' +
      '    return db.scalars(stmt).all()\n';
    const found = await candidatesOf(pythonAttributeMeaning, {
      files: { 'app/models.py': bookings, 'app/service.py': query },
      culprit: { file: 'app/service.py', line: 5 },
      exception: { type: 'AttributeError', message: "type object 'Booking' has no attribute 'start_time'" },
    });
    expect(found.map((c) => c.changed['app/service.py']?.split('\n')[4])).toEqual([
      '    stmt = select(Booking).where(Booking.starts_at < ends, Booking.ends_at > starts)',
    ]);
    // A day is not an instant: start_date is not starts_at.
    const byDay = await candidatesOf(pythonAttributeMeaning, {
      files: { 'app/models.py': bookings, 'app/service.py': query.replace('start_time', 'start_date') },
      culprit: { file: 'app/service.py', line: 5 },
      exception: { type: 'AttributeError', message: "type object 'Booking' has no attribute 'start_date'" },
    });
    expect(byDay.map((c) => c.key)).toEqual([]);
  });

  it('proposes no moment column when the model has two (joined_on, renewed_on)', async () => {
    const two = members.replace(
      '    joined_on:',
      '    renewed_on: Mapped[date] = mapped_column(Date, nullable=True)\n    joined_on:',
    );
    expect(await run(pythonAttributeMeaning, two, service, 5)).toEqual([]);
  });
});
