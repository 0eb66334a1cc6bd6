import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { candidatesOf } from './test-support/python-context.js';
import { pythonValidatorReturn } from './validator-return.js';

const routes = `from fastapi import APIRouter

from app.schemas import MemberCreate

router = APIRouter()


@router.post("/members", status_code=201)
def create_member(payload: MemberCreate, db=None):
    member = Member(**payload.model_dump())
    db.add(member)
    db.commit()
    return member
`;
const notNull = {
  type: 'sqlalchemy.exc.IntegrityError',
  message: '(sqlite3.IntegrityError) NOT NULL constraint failed: members.nickname',
};

async function run(schemas: string, exception = notNull, line = 11) {
  const found = await candidatesOf(pythonValidatorReturn, {
    files: { 'app/routes.py': routes, 'app/schemas.py': schemas },
    culprit: { file: 'app/routes.py', line },
    exception,
    cause: { kind: 'runtime_error', endpoints: ['POST /members'] } as Partial<RootCause>,
  });
  return found.map((c) => c.changed['app/schemas.py']);
}

const header = 'from pydantic import BaseModel, field_validator, model_validator, validator\n\n\n';

describe('python.validator-return', () => {
  it('returns the value a field validator cleans and then drops (NOT NULL on the create)', async () => {
    const schemas =
      `${header}class MemberCreate(BaseModel):\n    nickname: str\n    email: str\n\n` +
      '    @field_validator("nickname")\n    @classmethod\n    def tidy(cls, value: str) -> str:\n' +
      '        value = value.strip()\n        if not value:\n            raise ValueError("blank")\n\n' +
      '    @field_validator("email")\n    @classmethod\n    def lower(cls, v):\n        return v.lower()\n';
    expect(await run(schemas)).toEqual([
      schemas.replace('raise ValueError("blank")\n', 'raise ValueError("blank")\n        return value\n'),
    ]);
  });

  it("returns a v1 validator's value on a path that falls off, in the schema's base class", async () => {
    const schemas =
      `${header}class MemberBase(BaseModel):\n    nickname: str\n\n` +
      '    @validator("nickname", pre=True)\n    def tidy(cls, v, values):\n' +
      '        if v is None:\n            return v\n        v = v.strip()\n\n\n' +
      'class MemberCreate(MemberBase):\n    email: str\n';
    expect(await run(schemas)).toEqual([
      schemas.replace('        v = v.strip()\n', '        v = v.strip()\n        return v\n'),
    ]);
  });

  it('returns self from an after model validator that leaves the request body None', async () => {
    const schemas =
      `${header}class MemberCreate(BaseModel):\n    nickname: str\n    email: str\n\n` +
      '    @model_validator(mode="after")\n    def check(self):\n        if self.nickname == self.email:\n' +
      '            raise ValueError("same")\n';
    const none = { type: 'AttributeError', message: "'NoneType' object has no attribute 'model_dump'" };
    expect(await run(schemas, none, 10)).toEqual([`${schemas}        return self\n`]);
  });

  it('returns the data a before model validator reshapes (the model then validated from None)', async () => {
    const schemas =
      `${header}class MemberCreate(BaseModel):\n    nickname: str\n\n` +
      '    @model_validator(mode="before")\n    @classmethod\n    def legacy(cls, data):\n' +
      '        if isinstance(data, dict) and "nick" in data:\n            data["nickname"] = data.pop("nick")\n';
    const none = {
      type: 'pydantic_core._pydantic_core.ValidationError',
      message:
        '1 validation error for MemberCreate\n  Input should be a valid dictionary or instance of MemberCreate ' +
        '[type=model_type, input_value=None, input_type=NoneType]',
    };
    expect(await run(schemas, none)).toEqual([`${schemas}        return data\n`]);
  });

  it('returns what the other paths return; a cleaned local never returned: none', async () => {
    const validator = (body: string) =>
      `${header}class MemberCreate(BaseModel):\n    nickname: str\n\n` +
      '    @field_validator("nickname")\n    @classmethod\n    def tidy(cls, value: str) -> str:\n' +
      body;
    // `cleaned` is the value meant to be stored: `return value` would store the raw text.
    const cleanedOnly = validator(
      '        cleaned = value.strip().lower()\n        if not cleaned:\n            raise ValueError("blank")\n',
    );
    expect(await run(cleanedOnly)).toEqual([]);
    // Another path returns `cleaned` already: the fall-off path returns it too.
    const returnsCleaned = validator(
      '        cleaned = value.strip().lower()\n        if cleaned.startswith("@"):\n' +
        '            return cleaned[1:]\n        elif cleaned:\n            return cleaned\n',
    );
    const partial = validator(
      '        cleaned = value.strip().lower()\n        if len(cleaned) > 3:\n            return cleaned\n' +
        '        if not cleaned:\n            raise ValueError("blank")\n',
    );
    expect(await run(returnsCleaned)).toEqual([]);
    expect(await run(partial)).toEqual([`${partial}        return cleaned\n`]);
    // A guarded expression, or a name bound only in a branch, fails on the path that falls off.
    const guarded = validator('        if value:\n            return value.strip()\n');
    const branchLocal = validator(
      '        if value is not None:\n            cleaned = value.strip()\n            return cleaned\n',
    );
    expect(await run(guarded)).toEqual([]);
    expect(await run(branchLocal)).toEqual([]);
  });

  it('leaves validators that return on every path, and a failing field no validator covers', async () => {
    const returning =
      `${header}class MemberCreate(BaseModel):\n    nickname: str\n\n` +
      '    @field_validator("nickname")\n    @classmethod\n    def tidy(cls, value):\n' +
      '        if value:\n            return value.strip()\n        else:\n            raise ValueError("blank")\n';
    expect(await run(returning)).toEqual([]);
    const other =
      `${header}class MemberCreate(BaseModel):\n    nickname: str\n    email: str\n\n` +
      '    @field_validator("email")\n    @classmethod\n    def lower(cls, value):\n        value.lower()\n';
    expect(await run(other)).toEqual([]);
  });

  it('fixes the one validator of the field that falls off; two that do, or a wrap one: none', async () => {
    const body = `${header}class MemberCreate(BaseModel):\n    nickname: str\n\n`;
    const returning =
      '    @field_validator("nickname", mode="before")\n    @classmethod\n    def strip(cls, v):\n' +
      '        return v.strip()\n\n';
    const dropping =
      '    @field_validator("nickname")\n    @classmethod\n    def check(cls, v):\n' +
      '        if len(v) > 40:\n            raise ValueError("long")\n';
    expect(await run(body + returning + dropping)).toEqual([`${body}${returning}${dropping}        return v\n`]);
    const twice = dropping.replace('def check', 'def again');
    expect(await run(`${body}${dropping}\n${twice}`)).toEqual([]);
    const wrap =
      '    @field_validator("nickname", mode="wrap")\n    @classmethod\n    def check(cls, v, handler):\n' +
      '        handler(v)\n';
    expect(await run(body + wrap)).toEqual([]);
  });
});
