import { describe, expect, it } from 'vitest';
import { nodeNotNullInsert } from './not-null-insert.js';
import { allCandidates, nodeLog, templateContext, withRequestBody } from './test-support/template-context.js';

// better-sqlite3's error for a NOT NULL column an INSERT leaves out (captured from a run).
const notNull = (column: string, frame: string) =>
  nodeLog(`SqliteError: NOT NULL constraint failed: ${column}`, [frame]);
const withBody = withRequestBody;
const chore = { roomId: { type: 'integer' }, title: { type: 'string' }, dueBy: { type: 'string', format: 'date' } };

const repo =
  "const { getDb } = require('../db');\n\nfunction create(chore) {\n  const info = getDb()\n" +
  "    .prepare('INSERT INTO chores (room_id, title, done, created_at) VALUES (?, ?, 0, ?)')\n" +
  '    .run(chore.roomId, chore.title, new Date().toISOString());\n  return Number(info.lastInsertRowid);\n' +
  '}\n\nmodule.exports = { create };\n';
const choreContext = (required: string[], src = repo) => {
  const { context } = templateContext(
    { 'src/repositories/choreRepository.js': src },
    {
      kind: 'runtime_error',
      endpoint: 'POST /chores',
      expected: 201,
      log: notNull('chores.due_by', 'Object.create (/app/src/repositories/choreRepository.js:6:6)'),
    },
  );
  return { ...context, operation: withBody(context.operation!, chore, required) };
};

describe('node.not-null-insert', () => {
  it('inserts the column from the request field that names it, read like the other arguments (CommonJS)', async () => {
    const found = await allCandidates(nodeNotNullInsert, choreContext(['roomId', 'title', 'dueBy']), [
      'src/repositories/choreRepository.js',
    ]);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.not-null-insert']);
    expect(found[0]!.files['src/repositories/choreRepository.js']).toBe(
      repo
        .replace(
          '(room_id, title, done, created_at) VALUES (?, ?, 0, ?)',
          '(room_id, title, done, created_at, due_by) VALUES (?, ?, 0, ?, ?)',
        )
        .replace('new Date().toISOString());', 'new Date().toISOString(), chore.dueBy);'),
    );
  });

  it('does the same for a multi-line template literal and a column spelled like the field (ESM)', async () => {
    const store =
      "import { db } from './db.js';\nexport function addLoan(input) {\n  return db\n    .prepare(`\n" +
      '      INSERT INTO loans (book_id, member_id)\n      VALUES (?, ?)\n    `)\n' +
      '    .run(input.book_id, input.member_id);\n}\n';
    const { context } = templateContext(
      { 'src/store.js': store },
      {
        kind: 'runtime_error',
        endpoint: 'POST /loans',
        expected: 201,
        log: notNull('loans.due', 'addLoan (file:///app/src/store.js:8:6)'),
      },
    );
    const operation = withBody(
      context.operation!,
      { book_id: { type: 'integer' }, member_id: { type: 'integer' }, due: { type: 'string' } },
      ['book_id', 'member_id', 'due'],
    );
    const found = await allCandidates(nodeNotNullInsert, { ...context, operation }, ['src/store.js']);
    expect(found[0]!.files['src/store.js']).toContain(
      'INSERT INTO loans (book_id, member_id, due)\n      VALUES (?, ?, ?)\n',
    );
    expect(found[0]!.files['src/store.js']).toContain('.run(input.book_id, input.member_id, input.due);');
  });

  it(`leaves an optional request field, a column the statement already lists, and a named-parameter \
statement`, async () => {
    expect(await allCandidates(nodeNotNullInsert, choreContext(['roomId', 'title']), [])).toEqual([]);
    const listed = repo.replace(
      '(room_id, title, done, created_at) VALUES (?, ?, 0, ?)',
      '(room_id, title, due_by, created_at) VALUES (?, ?, NULL, ?)',
    );
    expect(await allCandidates(nodeNotNullInsert, choreContext(['roomId', 'title', 'dueBy'], listed), [])).toEqual([]);
    const named = repo.replace('VALUES (?, ?, 0, ?)', 'VALUES (@roomId, @title, 0, @now)');
    expect(await allCandidates(nodeNotNullInsert, choreContext(['roomId', 'title', 'dueBy'], named), [])).toEqual([]);
  });
});
