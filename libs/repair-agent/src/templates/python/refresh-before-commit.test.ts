import { describe, expect, it } from 'vitest';
import { pythonRefreshBeforeCommit } from './refresh-before-commit.js';
import { candidatesOf } from './test-support/python-context.js';

// heldout8 choir C9, as pytest reported it.
const pending = {
  type: 'sqlalchemy.exc.InvalidRequestError',
  message: "Instance '<Attendance at 0x7fd325356910>' is not persistent within this Session",
};

async function run(source: string, line: number, exception = pending, others: Record<string, string> = {}) {
  const found = await candidatesOf(pythonRefreshBeforeCommit, {
    files: { 'app/routes.py': source, ...others },
    culprit: { file: 'app/routes.py', line },
    exception,
  });
  return found.map((c) => c.changed['app/routes.py']);
}

describe('python.refresh-before-commit', () => {
  it("moves a handler's refresh after the commit that follows it", async () => {
    const source =
      'def record(body, db):\n    record = Attendance(**body.model_dump())\n    db.add(record)\n' +
      '    db.refresh(record)\n    db.commit()\n    return record\n';
    expect(await run(source, 4)).toEqual([
      'def record(body, db):\n    record = Attendance(**body.model_dump())\n    db.add(record)\n' +
        '    db.commit()\n    db.refresh(record)\n    return record\n',
    ]);
  });

  it("moves a repository's refresh after its session's flush, past other statements", async () => {
    const source =
      'class Repo:\n    def add(self, item):\n        self.session.add(item)\n' +
      '        self.session.refresh(item)\n        log.info("added")\n        self.session.flush()\n' +
      '        return item\n';
    expect(await run(source, 4)).toEqual([
      'class Repo:\n    def add(self, item):\n        self.session.add(item)\n        log.info("added")\n' +
        '        self.session.flush()\n        self.session.refresh(item)\n        return item\n',
    ]);
  });

  it('adds no commit the code never made, and leaves another session or message alone', async () => {
    const uncommitted = 'def record(body, db):\n    db.add(body)\n    db.refresh(body)\n    return body\n';
    expect(await run(uncommitted, 3)).toEqual([]);
    const other = 'def record(body, db, audit):\n    db.add(body)\n    db.refresh(body)\n    audit.commit()\n';
    expect(await run(other, 3)).toEqual([]);
    const nested = 'def record(body, db):\n    if body:\n        db.refresh(body)\n    db.commit()\n';
    expect(await run(nested, 3)).toEqual([]);
    const source = 'def record(body, db):\n    db.add(body)\n    db.refresh(body)\n    db.commit()\n';
    expect(
      await run(source, 3, {
        type: 'sqlalchemy.exc.InvalidRequestError',
        message: 'This session is in committed state',
      }),
    ).toEqual([]);
  });

  it("commits before the refresh where none follows, as the module's other writes do", async () => {
    const source =
      'def cancel(db, item):\n    item.status = "cancelled"\n    db.commit()\n    return item\n\n\n' +
      'def create(db, body):\n    item = Item(**body)\n    db.add(item)\n    db.refresh(item)\n    return item\n';
    expect(await run(source, 10)).toEqual([
      source.replace('    db.refresh(item)\n', '    db.commit()\n    db.refresh(item)\n'),
    ]);
  });

  it("awaits the commit of an async session, following another module's commits", async () => {
    const source =
      'async def create(session, body):\n    item = Item(**body)\n    session.add(item)\n' +
      '    await session.refresh(item)\n    return item\n';
    const other = 'async def remove(db, item):\n    await db.delete(item)\n    await db.commit()\n';
    expect(await run(source, 4, pending, { 'app/other.py': other })).toEqual([
      source.replace('    await session.refresh(', '    await session.commit()\n    await session.refresh('),
    ]);
  });

  it('adds no commit inside a function whose caller, up the call chain, commits after calling it', async () => {
    const create =
      'def create(db, body):\n    item = Item(**body)\n    db.add(item)\n    db.refresh(item)\n    return item\n';
    // The handler commits after the repository call: the transaction is the handler's.
    const direct = 'def register(db, body):\n    item = create(db, body)\n    db.commit()\n    return item\n';
    expect(await run(create, 4, pending, { 'app/handlers.py': direct })).toEqual([]);
    // Through a service between them.
    const chain =
      'def build(db, body):\n    return create(db, body)\n\n\n' +
      'def register(db, body):\n    item = build(db, body)\n    db.commit()\n    return item\n';
    expect(await run(create, 4, pending, { 'app/handlers.py': chain })).toEqual([]);
    // A caller that committed before calling it only: the commit goes in as before.
    const before = 'def register(db, body):\n    db.commit()\n    return create(db, body)\n';
    expect(await run(create, 4, pending, { 'app/handlers.py': before })).toEqual([
      create.replace('    db.refresh(item)\n', '    db.commit()\n    db.refresh(item)\n'),
    ]);
  });

  it("adds no commit where a generator dependency commits the request's session", async () => {
    const getDb =
      'def get_db():\n    db = SessionLocal()\n    try:\n        yield db\n        db.commit()\n' +
      '    finally:\n        db.close()\n\n\n';
    const source = `${getDb}def create(db, body):\n    item = Item(**body)\n    db.add(item)\n    db.refresh(item)\n`;
    expect(await run(source, 13)).toEqual([]);
    // Even with another write that commits its own.
    const other = 'def cancel(db, item):\n    db.commit()\n';
    expect(await run(source, 13, pending, { 'app/other.py': other })).toEqual([]);
  });

  it('adds no commit where the refreshed object was never added, or the function flushes', async () => {
    const commits = 'def cancel(db, item):\n    db.commit()\n\n\n';
    const notAdded = `${commits}def create(db, item, other):\n    db.add(other)\n    db.refresh(item)\n`;
    expect(await run(notAdded, 7)).toEqual([]);
    const flushed = `${commits}def create(db, item):\n    db.add(item)\n    db.flush()\n    db.refresh(item)\n`;
    expect(await run(flushed, 8)).toEqual([]);
  });
});
