import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonMethodNotCalled } from './method-not-called.js';
import { candidatesOf } from './test-support/python-context.js';

const service = [
  'from app import repo',
  '',
  '',
  'def register(db, data):',
  '    email = data.email.strip().lower',
  '    return repo.create(db, name=data.name, email=email)',
  '',
].join('\n');
const repository =
  'def create(db, name, email):\n    row = Member(name=name, email=email)\n    db.add(row)\n' +
  '    db.commit()\n    return row\n';

function trace(frames: { file: string; line: number }[]): Partial<RootCause> {
  return { trace: { frames: frames.map((f) => ({ ...f, inApp: true })) } as unknown as RootCause['trace'] };
}

async function run(files: Record<string, string>, message: string, frames: { file: string; line: number }[]) {
  const found = await candidatesOf(pythonMethodNotCalled, {
    files,
    culprit: frames.at(-1)!,
    exception: { type: 'sqlalchemy.exc.ProgrammingError', message },
    cause: trace(frames),
  });
  return found.map((c) =>
    Object.entries(c.changed).map(
      ([file, text]) => `${file}: ${text.split('\n').find((l, i) => l !== files[file]!.split('\n')[i])}`,
    ),
  );
}

describe('python.method-not-called', () => {
  it('calls a str method referenced in the caller of the failing insert (sqlite3 binding error)', async () => {
    const message =
      "(sqlite3.ProgrammingError) Error binding parameter 2: type 'builtin_function_or_method' is not supported";
    const frames = [
      { file: 'app/service.py', line: 6 },
      { file: 'app/repo.py', line: 4 },
    ];
    expect(await run({ 'app/service.py': service, 'app/repo.py': repository }, message, frames)).toEqual([
      ['app/service.py:     email = data.email.strip().lower()'],
    ]);
  });

  it('calls the method a validation message names, as a keyword argument value', async () => {
    const source =
      'def export(item):\n    return ItemOut(id=item.id, created=item.created_at.isoformat, tags=item.tags)\n';
    const message =
      '1 validation error for ItemOut\ncreated\n' +
      '  Input should be a valid string [type=string_type, input_value=<built-in method isoformat of ' +
      'datetime.datetime object at 0x7f>, input_type=builtin_function_or_method]';
    expect(await run({ 'app/export.py': source }, message, [{ file: 'app/export.py', line: 2 }])).toEqual([
      ['app/export.py:     return ItemOut(id=item.id, created=item.created_at.isoformat(), tags=item.tags)'],
    ]);
  });

  it('leaves a method handed over as a key function, and other binding errors, alone', async () => {
    const source =
      'def names(db, people):\n    ordered = sorted(people, key=str.lower)\n    return repo.save(db, ordered)\n';
    const message = "Error binding parameter 1: type 'builtin_function_or_method' is not supported";
    expect(await run({ 'app/names.py': source }, message, [{ file: 'app/names.py', line: 3 }])).toEqual([]);
    const list = "Error binding parameter 1: type 'list' is not supported";
    expect(
      await run({ 'app/service.py': service, 'app/repo.py': repository }, list, [{ file: 'app/service.py', line: 6 }]),
    ).toEqual([]);
  });

  // heldout20 lamproom L05: `order_by(LogEntry.recorded_at.desc)`, SQLAlchemy refusing the bound method.
  it('calls a column ordering referenced through its model class in order_by (ArgumentError)', async () => {
    const bound = (name: string) =>
      `Method <bound method OrderingOperators.${name} of <sqlalchemy.orm.attributes.InstrumentedAttribute ` +
      'object at 0x7f12c3056c00>> may not be passed as a SQL expression';
    const listing =
      'def recent(db, skip, limit):\n    stmt = select(Ticket)\n' +
      '    stmt = stmt.order_by(Ticket.opened_at.desc).offset(skip).limit(limit)\n' +
      '    return db.scalars(stmt).all()\n';
    expect(await run({ 'app/tickets.py': listing }, bound('desc'), [{ file: 'app/tickets.py', line: 4 }])).toEqual([
      ['app/tickets.py:     stmt = stmt.order_by(Ticket.opened_at.desc()).offset(skip).limit(limit)'],
    ]);
    const shelf = 'def shelf(db):\n    return db.scalars(select(Book).order_by(Book.title.asc, Book.id)).all()\n';
    expect(await run({ 'app/books.py': shelf }, bound('asc'), [{ file: 'app/books.py', line: 2 }])).toEqual([
      ['app/books.py:     return db.scalars(select(Book).order_by(Book.title.asc(), Book.id)).all()'],
    ]);
  });

  it('leaves a bare class method and a key function alone even when the bound method is named', async () => {
    const message =
      'Method <bound method OrderingOperators.desc of <sqlalchemy.orm.attributes.InstrumentedAttribute ' +
      'object at 0x7f>> may not be passed as a SQL expression';
    const source =
      'def ranked(db, rows):\n    ordered = sorted(rows, key=Score.points.desc)\n' +
      '    return db.scalars(select(Score).order_by(Ranking.desc)).all()\n';
    expect(await run({ 'app/ranks.py': source }, message, [{ file: 'app/ranks.py', line: 3 }])).toEqual([]);
  });
});
