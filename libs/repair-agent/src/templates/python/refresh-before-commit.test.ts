import { describe, expect, it } from 'vitest';
import { pythonRefreshBeforeCommit } from './refresh-before-commit.js';
import { candidatesOf } from './test-support/python-context.js';

// heldout8 choir C9, as pytest reported it.
const pending = {
  type: 'sqlalchemy.exc.InvalidRequestError',
  message: "Instance '<Attendance at 0x7fd325356910>' is not persistent within this Session",
};

async function run(source: string, line: number, exception = pending) {
  const found = await candidatesOf(pythonRefreshBeforeCommit, {
    files: { 'app/routes.py': source },
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
});
