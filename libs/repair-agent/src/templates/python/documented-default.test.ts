import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { pythonDocumentedDefault } from './documented-default.js';
import { candidatesOf } from './test-support/python-context.js';

const service = (build: string) => `from app.models import Member


def create_member(db, payload):
${build}
    db.add(member)
    db.commit()
    return member
`;
const DUMPED = '    data = payload.model_dump()\n    member = Member(**data)';
const KEYWORD = '    member = Member(name=payload.name, enrolled_on=payload.enrolled_on)';
const operation = (description: string, required: string[] = ['name']): ApiOperation =>
  ({
    method: 'POST',
    path: '/members',
    endpoint: 'POST /members',
    parameters: [],
    requestBody: {
      required: true,
      mediaType: 'application/json',
      schema: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          enrolled_on: { anyOf: [{ type: 'string', format: 'date' }, { type: 'null' }], description },
        },
        required,
      },
    },
    responses: [{ status: '201', mediaTypes: ['application/json'] }],
  }) as unknown as ApiOperation;
const run = (build: string, op: ApiOperation, message = 'NOT NULL constraint failed: members.enrolled_on') =>
  candidatesOf(pythonDocumentedDefault, {
    files: { 'app/service.py': service(build) },
    culprit: { file: 'app/service.py', line: 7 },
    exception: { type: 'sqlalchemy.exc.IntegrityError', message: `(sqlite3.IntegrityError) ${message}` },
    operation: op,
  });
const IMPORTED = 'from app.models import Member\nfrom datetime import date';

describe('python.documented-default', () => {
  it('fills the documented today default in the dumped dict the row is built from', async () => {
    const found = await run(DUMPED, operation('Defaults to today when omitted'));
    expect(found.map((f) => f.changed['app/service.py'])).toEqual([
      service(
        '    data = payload.model_dump()\n    if data["enrolled_on"] is None:\n' +
          '        data["enrolled_on"] = date.today()\n    member = Member(**data)',
      ).replace('from app.models import Member', IMPORTED),
    ]);
  });

  it('fills it where the field is passed by keyword', async () => {
    const found = await run(KEYWORD, operation('Enrolment date; defaults to the current date.'));
    expect(found.map((f) => f.changed['app/service.py'])).toEqual([
      service(
        '    member = Member(name=payload.name, enrolled_on=payload.enrolled_on ' +
          'if payload.enrolled_on is not None else date.today())',
      ).replace('from app.models import Member', IMPORTED),
    ]);
  });

  it('near miss: no documented default, a required field, or another column', async () => {
    expect(await run(DUMPED, operation('Enrolment date'))).toEqual([]);
    expect(await run(DUMPED, operation('Defaults to today', ['name', 'enrolled_on']))).toEqual([]);
    expect(await run(DUMPED, operation('Defaults to today'), 'NOT NULL constraint failed: members.name')).toEqual([]);
  });
});
