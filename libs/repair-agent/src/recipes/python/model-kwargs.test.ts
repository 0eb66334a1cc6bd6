import { describe, expect, it } from 'vitest';
import { candidatesOf } from '../../templates/python/test-support/python-context.js';
import { pythonModelKwargs } from './model-kwargs.js';

const models = `from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Patient(Base):
    __tablename__ = "patients"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(80))
    birth_date: Mapped[str] = mapped_column(String(10))
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    owner_id: Mapped[int] = mapped_column(default=0)
`;
const schemas = (extra: string) => `from pydantic import BaseModel


class PatientIn(BaseModel):
    full_name: str
    date_of_birth: str
    phone_number: str | None = None
${extra}`;

async function repair(service: string, keyword: string, line: number, extra = '') {
  const found = await candidatesOf(pythonModelKwargs, {
    files: { 'app/models.py': models, 'app/schemas.py': schemas(extra), 'app/service.py': service },
    culprit: { file: 'app/service.py', line },
    exception: { type: 'TypeError', message: `'${keyword}' is an invalid keyword argument for Patient` },
  });
  return found[0]?.changed['app/service.py'];
}

const head = 'from app.models import Patient\nfrom app.schemas import PatientIn\n\n\n';

describe('python.model-kwargs maps, never drops', () => {
  it(`maps every schema field the model names differently in Model(**payload.model_dump()), by spelling or by \
meaning`, async () => {
    const service =
      `${head}def add(session, payload: PatientIn):\n    record = Patient(**payload.model_dump())\n` +
      `    session.add(record)\n    return record\n`;
    expect(await repair(service, 'date_of_birth', 6)).toContain(
      '    record = Patient(**payload.model_dump(exclude={"date_of_birth", "phone_number"}' +
        '), birth_date=payload.date_of_birth, phone=payload.phone_number)\n',
    );
  });

  it('maps a field of Model(**payload.dict(), owner_id=...) and extends an exclude set already there', async () => {
    const service =
      `${head}def add(session, payload: PatientIn, owner: int):\n` +
      `    return Patient(**payload.dict(exclude={"phone_number"}), owner_id=owner)\n`;
    expect(await repair(service, 'date_of_birth', 6)).toContain(
      '    return Patient(**payload.dict(exclude={"phone_number", "date_of_birth"}' +
        '), birth_date=payload.date_of_birth, owner_id=owner)\n',
    );
  });

  it('maps the fields of a local the dump was bound to (data = payload.model_dump(); Patient(**data))', async () => {
    const service =
      `${head}def add(session, payload: PatientIn):\n    data = payload.model_dump(mode="python")\n` +
      `    data["full_name"] = data["full_name"].title()\n    return Patient(**data, owner_id=1)\n`;
    expect(await repair(service, 'date_of_birth', 8)).toContain(
      '    return Patient(**{key: value for key, value in data.items() if key not in {"date_of_birth", ' +
        '"phone_number"}}, birth_date=data["date_of_birth"], phone=data["phone_number"], owner_id=1)\n',
    );
  });

  it('renames an explicit keyword to the field it means', async () => {
    const service =
      `${head}def add(session, name: str, dob: str):\n` + `    return Patient(full_name=name, date_of_birth=dob)\n`;
    expect(await repair(service, 'date_of_birth', 6)).toContain('    return Patient(full_name=name, birth_date=dob)\n');
  });

  describe("a keyword named unlike its column, whose value reads the column's name", () => {
    const service = (value: string, keyword = 'contact') =>
      `${head}def add(session, payload: PatientIn):\n` +
      `    return Patient(\n        full_name=payload.full_name,\n        ${keyword}=${value},\n    )\n`;
    const renamed = async (value: string, keyword = 'contact') =>
      (
        await candidatesOf(pythonModelKwargs, {
          files: { 'app/models.py': models, 'app/schemas.py': schemas(''), 'app/service.py': service(value, keyword) },
          culprit: { file: 'app/service.py', line: 6 },
          exception: { type: 'TypeError', message: `'${keyword}' is an invalid keyword argument for Patient` },
        })
      )[0]?.changed['app/service.py'];

    it('renames it to the free column its value reads, the value kept', async () => {
      expect(await renamed('payload.phone.strip()')).toBe(service('payload.phone.strip()', 'phone'));
      expect(await renamed('record.birth_date', 'born')).toBe(service('record.birth_date', 'birth_date'));
    });

    it('near miss: a value reading no column, one already passed, or two free ones', async () => {
      expect(await renamed('payload.mobile')).toBeUndefined();
      expect(await renamed('payload.full_name.upper()')).toBeUndefined();
      expect(await renamed('payload.phone or payload.birth_date')).toBeUndefined();
    });
  });

  it('renames an explicit keyword whose unit word the column abbreviates, keeping its value', async () => {
    const columns =
      `${models}    height_cm: Mapped[int] = mapped_column(default=0)\n` +
      `    weight_g: Mapped[int] = mapped_column()\n`;
    const service =
      `${head}def add(session, payload: PatientIn, grams: int):\n` +
      `    return Patient(\n        full_name=payload.full_name,\n        weight_grams=grams,\n    )\n`;
    const found = await candidatesOf(pythonModelKwargs, {
      files: { 'app/models.py': columns, 'app/schemas.py': schemas(''), 'app/service.py': service },
      culprit: { file: 'app/service.py', line: 6 },
      exception: { type: 'TypeError', message: "'weight_grams' is an invalid keyword argument for Patient" },
    });
    expect(found[0]?.changed['app/service.py']).toContain('        weight_g=grams,\n');
    const height = service.replace('weight_grams=grams', 'height_centimeters=grams');
    const cm = await candidatesOf(pythonModelKwargs, {
      files: { 'app/models.py': columns, 'app/schemas.py': schemas(''), 'app/service.py': height },
      culprit: { file: 'app/service.py', line: 6 },
      exception: { type: 'TypeError', message: "'height_centimeters' is an invalid keyword argument for Patient" },
    });
    expect(cm[0]?.changed['app/service.py']).toContain('        height_cm=grams,\n');
  });

  it(`proposes nothing when one schema field has no certain counterpart (dropping it would lose the request \
data)`, async () => {
    const service = `${head}def add(session, payload: PatientIn):\n    return Patient(**payload.model_dump())\n`;
    expect(await repair(service, 'nickname', 6, '    nickname: str = ""\n')).toBeUndefined();
  });

  it(`maps the one schema field left onto the one unset column sharing a word with it, even a nullable \
one`, async () => {
    const dose =
      'from sqlalchemy import String\nfrom sqlalchemy.orm import Mapped, mapped_column\n\n\n' +
      'class Dose(Base):\n    __tablename__ = "doses"\n\n' +
      '    id: Mapped[int] = mapped_column(primary_key=True)\n' +
      '    vaccine: Mapped[str] = mapped_column(String(40))\n' +
      '    batch_number: Mapped[str | None] = mapped_column(String(40), nullable=True)\n';
    const doseIn =
      'from pydantic import BaseModel\n\n\nclass DoseIn(BaseModel):\n    vaccine: str\n' +
      '    lot_number: str | None = None\n';
    const service =
      'from app.models import Dose\nfrom app.schemas import DoseIn\n\n\n' +
      'def record(session, payload: DoseIn):\n    return Dose(**payload.model_dump())\n';
    const run = async (models: string) =>
      (
        await candidatesOf(pythonModelKwargs, {
          files: { 'app/models.py': models, 'app/schemas.py': doseIn, 'app/service.py': service },
          culprit: { file: 'app/service.py', line: 6 },
          exception: { type: 'TypeError', message: "'lot_number' is an invalid keyword argument for Dose" },
        })
      )[0]?.changed['app/service.py'];
    expect(await run(dose)).toContain(
      '    return Dose(**payload.model_dump(exclude={"lot_number"}), batch_number=payload.lot_number)\n',
    );
    // Two unset columns share the word: no certain counterpart.
    expect(
      await run(`${dose}    serial_number: Mapped[str | None] = mapped_column(String(40), nullable=True)\n`),
    ).toBeUndefined();
  });

  it('maps onto a dataclass entity and a plain class whose __init__ names the field', async () => {
    const entities =
      'from dataclasses import dataclass, field\nfrom datetime import datetime\n\n\n@dataclass\n' +
      'class Event:\n    id: int\n    title: str\n    start_time: datetime\n    seats: int = 0\n\n\n' +
      'class Ticket:\n    def __init__(self, code: str, start_time: datetime):\n        self.code = code\n' +
      '        self.start_time = start_time\n';
    const eventIn =
      'from datetime import datetime\n\nfrom pydantic import BaseModel\n\n\nclass EventIn(BaseModel):\n' +
      '    title: str\n    starts_at: datetime\n';
    const run = async (service: string, callee: string, line: number) =>
      (
        await candidatesOf(pythonModelKwargs, {
          files: { 'app/entities.py': entities, 'app/schemas.py': eventIn, 'app/service.py': service },
          culprit: { file: 'app/service.py', line },
          exception: {
            type: 'TypeError',
            message: `${callee}.__init__() got an unexpected keyword argument 'starts_at'`,
          },
        })
      )[0]?.changed['app/service.py']?.split('\n')[line - 1];
    const head2 = 'from app.entities import Event, Ticket\nfrom app.schemas import EventIn\n\n\n';
    const viaDict =
      `${head2}async def create(data: EventIn, next_id: int):\n    fields = data.model_dump()\n` +
      `    return Event(id=next_id, **fields)\n`;
    expect(await run(viaDict, 'Event', 7)).toBe(
      '    return Event(id=next_id, **{key: value for key, value in fields.items() if key not in ' +
        '{"starts_at"}}, start_time=fields["starts_at"])',
    );
    const plain =
      `${head2}def issue(data: EventIn, code: str):\n` + `    return Ticket(code=code, starts_at=data.starts_at)\n`;
    expect(await run(plain, 'Ticket', 6)).toBe('    return Ticket(code=code, start_time=data.starts_at)');
  });
});

describe('python.model-kwargs maps a field onto the one required column that shares its word', () => {
  const hives = `from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column


class Hive(Base):
    __tablename__ = "hives"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    frame_count: Mapped[int] = mapped_column(Integer, nullable=False)
    frame_notes: Mapped[str | None] = mapped_column(String(200), nullable=True)
    installed_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=datetime.utcnow)
`;
  const hiveIn =
    'from pydantic import BaseModel\n\n\nclass HiveCreate(BaseModel):\n    name: str\n    initial_frames: int\n';
  const run = async (models: string, service: string, line: number) =>
    (
      await candidatesOf(pythonModelKwargs, {
        files: { 'app/models.py': models, 'app/schemas.py': hiveIn, 'app/crud.py': service },
        culprit: { file: 'app/crud.py', line },
        exception: { type: 'TypeError', message: "'initial_frames' is an invalid keyword argument for Hive" },
      })
    )[0]?.changed['app/crud.py']?.split('\n')[line - 1];
  const head3 = 'from app.models import Hive\nfrom app.schemas import HiveCreate\n\n\n';

  it(`initial_frames → frame_count (NOT NULL, no default; the nullable frame_notes does not compete) in \
Model(**payload.model_dump())`, async () => {
    const service =
      `${head3}def create_hive(db, payload: HiveCreate):\n    hive = Hive(**payload.model_dump())\n` +
      `    db.add(hive)\n    return hive\n`;
    expect(await run(hives, service, 6)).toBe(
      '    hive = Hive(**payload.model_dump(exclude={"initial_frames"}), frame_count=payload.initial_frames)',
    );
  });

  it('and in Model(**payload.dict(), name=...) with a Column(...)-style model', async () => {
    const columns = hives.replace(/^ {4}(\w+): Mapped\[[^\]]+\] = mapped_column\((.*)\)$/gm, '    $1 = Column($2)');
    const service =
      `${head3}def create_hive(db, payload: HiveCreate, name: str):\n` +
      `    return Hive(**payload.dict(exclude={"name"}), name=name)\n`;
    expect(await run(columns, service, 6)).toBe(
      '    return Hive(**payload.dict(exclude={"name", "initial_frames"}' +
        '), frame_count=payload.initial_frames, name=name)',
    );
  });

  it('proposes nothing when two required columns share the word (frame_count, frame_size)', async () => {
    const two = hives.replace(
      'frame_notes: Mapped[str | None] = mapped_column(String(200), nullable=True)',
      'frame_size: Mapped[int] = mapped_column(Integer, nullable=False)',
    );
    const service = `${head3}def create_hive(db, payload: HiveCreate):\n    return Hive(**payload.model_dump())\n`;
    expect(await run(two, service, 6)).toBeUndefined();
  });
});
