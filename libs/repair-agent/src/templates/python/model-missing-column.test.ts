import { describe, expect, it } from 'vitest';
import { pythonModelMissingColumn } from './model-missing-column.js';
import { candidatesOf } from './test-support/python-context.js';
import { operation } from './test-support/summarise.js';

const models = [
  'from datetime import date',
  '',
  'from sqlalchemy import Boolean, Date, Integer, String',
  'from sqlalchemy.orm import Mapped, mapped_column',
  '',
  'from app.database import Base',
  '',
  '',
  'class Period(Base):',
  '    __tablename__ = "periods"',
  '',
  '    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)',
  '    name: Mapped[str] = mapped_column(String(40), nullable=False)',
  '    closed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)',
  '',
].join('\n');
const schemas =
  'from pydantic import BaseModel, Field\n\n\nclass PeriodCreate(BaseModel):\n' +
  '    name: str = Field(min_length=1, max_length=40)\n' +
  '    notes: str | None = Field(default=None, max_length=500)\n';
const service =
  'from app.models import Period\nfrom app.schemas import PeriodCreate\n\n\n' +
  'def create_period(repo, payload: PeriodCreate):\n    return repo.add(Period(**payload.model_dump()))\n';
const main = 'from app.database import Base, engine\n\nBase.metadata.create_all(bind=engine)\n';
const out = (...fields: string[]) => ({
  type: 'object',
  properties: Object.fromEntries(['id', 'name', ...fields].map((f) => [f, { type: 'string' }])),
  required: ['id', 'name'],
});
const invalid = (field: string, model = 'Period') => ({
  type: 'TypeError',
  message: `'${field}' is an invalid keyword argument for ${model}`,
});

async function run(files: Record<string, string>, field = 'notes', responseFields = ['notes', 'closed']) {
  const found = await candidatesOf(pythonModelMissingColumn, {
    files: {
      'app/main.py': main,
      'app/models.py': models,
      'app/schemas.py': schemas,
      'app/service.py': service,
      ...files,
    },
    culprit: { file: 'app/service.py', line: 6 },
    exception: invalid(field),
    operation: operation('POST /periods', { '201': out(...responseFields) }),
  });
  return found.map((c) => c.changed['app/models.py']);
}

describe('python.model-missing-column', () => {
  it('adds the nullable column an optional stored-and-returned field needs, typed and sized as the field', async () => {
    expect(await run({})).toEqual([
      models.replace(
        'default=False)\n',
        'default=False)\n    notes: Mapped[str | None] = mapped_column(String(500), nullable=True)\n',
      ),
    ]);
  });

  it('writes a Column(...) in a Column-style model, importing its type', async () => {
    const columnStyle =
      'from sqlalchemy import Column, Integer, String\n\nfrom app.database import Base\n\n\n' +
      'class Period(Base):\n    __tablename__ = "periods"\n    id = Column(Integer, primary_key=True)\n' +
      '    name = Column(String(40), nullable=False)\n';
    const withPriority = schemas.replace(
      '    notes: str | None = Field(default=None, max_length=500)\n',
      '    priority: int | None = None\n',
    );
    const [only] = await run({ 'app/models.py': columnStyle, 'app/schemas.py': withPriority }, 'priority', [
      'priority',
    ]);
    expect(only).toBe(
      columnStyle.replace(
        '    name = Column(String(40), nullable=False)\n',
        '    name = Column(String(40), nullable=False)\n    priority = Column(Integer, nullable=True)\n',
      ),
    );
  });

  it(`proposes nothing for a field the response does not return, a required field, or a project with \
migrations`, async () => {
    expect(await run({}, 'notes', ['closed'])).toEqual([]);
    expect(
      await run({
        'app/schemas.py': schemas.replace(
          'notes: str | None = Field(default=None, max_length=500)',
          'notes: str = Field(max_length=500)',
        ),
      }),
    ).toEqual([]);
    expect(await run({ 'alembic/env.py': 'from alembic import context\n' })).toEqual([]);
  });
});

describe('python.model-missing-column through a generic CRUD base', () => {
  const crud =
    'class CRUDBase(Generic[ModelType, CreateSchemaType]):\n    def __init__(self, model):\n' +
    '        self.model = model\n\n    def create(self, db, *, obj_in: CreateSchemaType):\n' +
    '        data = obj_in.model_dump()\n        db_obj = self.model(**data)\n        return db_obj\n';
  const body = (properties: Record<string, unknown>, required: string[] = ['name']) => ({
    required: true,
    mediaType: 'application/json',
    schema: { type: 'object', properties: { name: { type: 'string' }, ...properties }, required },
  });
  async function generic(
    field: string,
    properties: Record<string, unknown>,
    required?: string[],
    modelFiles: Record<string, string> = {},
  ) {
    const op = { ...operation('POST /periods', { '201': out(field) }), requestBody: body(properties, required) };
    const found = await candidatesOf(pythonModelMissingColumn, {
      files: { 'app/main.py': main, 'app/models.py': models, 'app/crud.py': crud, ...modelFiles },
      culprit: { file: 'app/crud.py', line: 7 },
      exception: invalid(field),
      operation: op,
    });
    return found.map((c) => c.changed['app/models.py']);
  }

  it('reads the optional nullable field from the documented request body (a string of maxLength 30)', async () => {
    const phone = { anyOf: [{ type: 'string', maxLength: 30 }, { type: 'null' }], title: 'Guardian Phone' };
    expect(await generic('guardian_phone', { guardian_phone: phone })).toEqual([
      models.replace(
        'default=False)\n',
        'default=False)\n    guardian_phone: Mapped[str | None] = mapped_column(String(30), nullable=True)\n',
      ),
    ]);
  });

  it('an integer field, in a Column-style model', async () => {
    const columnStyle =
      'from sqlalchemy import Column, Integer, String\n\nfrom app.database import Base\n\n\n' +
      'class Period(Base):\n    __tablename__ = "periods"\n    id = Column(Integer, primary_key=True)\n' +
      '    name = Column(String(40), nullable=False)\n';
    const [only] = await generic(
      'priority',
      { priority: { anyOf: [{ type: 'integer' }, { type: 'null' }] } },
      ['name'],
      { 'app/models.py': columnStyle },
    );
    expect(only).toBe(
      columnStyle.replace('nullable=False)\n', 'nullable=False)\n    priority = Column(Integer, nullable=True)\n'),
    );
  });

  it('nothing for a documented field that is required, not nullable, or of two types', async () => {
    expect(
      await generic('guardian_phone', { guardian_phone: { anyOf: [{ type: 'string' }, { type: 'null' }] } }, [
        'name',
        'guardian_phone',
      ]),
    ).toEqual([]);
    expect(await generic('guardian_phone', { guardian_phone: { type: 'string' } })).toEqual([]);
    expect(
      await generic('guardian_phone', {
        guardian_phone: { anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] },
      }),
    ).toEqual([]);
  });
});
