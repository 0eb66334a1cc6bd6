import { describe, expect, it } from 'vitest';
import { pythonNormalisedUniqueCheck } from './normalised-unique-check.js';
import { candidatesOf } from './test-support/python-context.js';

const unique = {
  type: 'sqlalchemy.exc.IntegrityError',
  message: '(sqlite3.IntegrityError) UNIQUE constraint failed: members.handle',
};

async function run(source: string, line: number, exception = unique) {
  const found = await candidatesOf(pythonNormalisedUniqueCheck, {
    files: { 'app/routes.py': source },
    culprit: { file: 'app/routes.py', line },
    exception,
  });
  return found.map((c) => c.changed['app/routes.py']);
}

const create = [
  'def create_member(body: MemberIn, db: Session = Depends(get_db)):',
  '    handle = body.handle.strip().casefold()',
  '    taken = db.scalar(select(Member).where(Member.handle == body.handle))',
  '    if taken is not None:',
  '        raise HTTPException(status_code=409, detail="Handle already taken")',
  '    member = Member(handle=handle, name=body.name)',
  '    db.add(member)',
  '    db.commit()',
  '    return member',
  '',
].join('\n');

describe('python.normalised-unique-check', () => {
  it('compares the normalised local the row stores in the select of a uniqueness check', async () => {
    expect(await run(create, 8)).toEqual([create.replace('Member.handle == body.handle', 'Member.handle == handle')]);
    // The row built over several lines, the local handed as the keyword of the same name.
    const multiline = create.replace(
      'Member(handle=handle, name=body.name)',
      'Member(\n        handle=handle,\n        name=body.name,\n    )',
    );
    expect(await run(multiline, 11)).toEqual([
      multiline.replace('Member.handle == body.handle', 'Member.handle == handle'),
    ]);
    // A real reassignment below leaves it.
    const rebound = multiline.replace('    member = Member(', '    handle = body.handle\n    member = Member(');
    expect(await run(rebound, 12)).toEqual([]);
  });

  it('rewrites a filter_by lookup, with the value stored by attribute (PostgreSQL message)', async () => {
    const source = [
      'def register(body, db):',
      '    code = body.code.upper()',
      '    if db.query(Voucher).filter_by(code=body.code).first():',
      '        raise HTTPException(409)',
      '    voucher = Voucher()',
      '    voucher.code = code',
      '    db.add(voucher)',
      '    db.commit()',
      '',
    ].join('\n');
    const pg = {
      type: 'IntegrityError',
      message: 'duplicate key value violates unique constraint "vouchers_code_key" DETAIL: Key (code)=(AB1) exists.',
    };
    expect(await run(source, 8, pg)).toEqual([source.replace('filter_by(code=body.code)', 'filter_by(code=code)')]);
  });

  it('leaves a check before the normalisation, a raw stored value and another column alone', async () => {
    const before = create
      .replace('    handle = body.handle.strip().casefold()\n', '')
      .replace('    member = Member(', '    handle = body.handle.strip().casefold()\n    member = Member(');
    expect(await run(before, 8)).toEqual([]);
    const storedRaw = create.replace('Member(handle=handle,', 'Member(handle=body.handle,');
    expect(await run(storedRaw, 8)).toEqual([]);
    const other = { ...unique, message: 'UNIQUE constraint failed: members.name' };
    expect(await run(create, 8, other)).toEqual([]);
  });
});
