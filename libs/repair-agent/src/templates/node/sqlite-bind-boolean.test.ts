import { describe, expect, it } from 'vitest';
import { nodeSqliteBindBoolean } from './sqlite-bind-boolean.js';
import { allCandidates, nodeLog, templateContext, withRequestBody } from './test-support/template-context.js';

// better-sqlite3 11's message and frame for a boolean parameter (captured from a run).
const refused = (frame: string) =>
  nodeLog('TypeError: SQLite3 can only bind numbers, strings, bigints, buffers, and null', [frame]);
const withBody = withRequestBody;

const repo =
  "const { getDb } = require('../db');\n\nfunction create({ name, length, covered }) {\n" +
  "  const info = getDb()\n    .prepare('INSERT INTO docks (name, length, covered) VALUES (?, ?, ?)')\n" +
  '    .run(name, length, covered);\n  return Number(info.lastInsertRowid);\n}\n\n' +
  'module.exports = { create };\n';
const dock = (properties: Record<string, unknown>, required: string[], src = repo) => {
  const { context } = templateContext(
    { 'src/repositories/dockRepository.js': src },
    {
      kind: 'runtime_error',
      endpoint: 'POST /docks',
      expected: 201,
      log: refused('Object.create (/app/src/repositories/dockRepository.js:6:6)'),
    },
  );
  return { ...context, operation: withBody(context.operation!, properties, required) };
};

describe('node.sqlite-bind-boolean', () => {
  it('binds a positional argument the request documents as a boolean (with a default) as 1/0', async () => {
    const found = await allCandidates(
      nodeSqliteBindBoolean,
      dock({ name: { type: 'string' }, length: { type: 'number' }, covered: { type: 'boolean', default: false } }, [
        'name',
      ]),
      ['src/repositories/dockRepository.js'],
    );
    expect(found.map((f) => f.candidate.key)).toEqual(['node.sqlite-bind-boolean']);
    expect(found[0]!.files['src/repositories/dockRepository.js']).toBe(
      repo.replace('.run(name, length, covered);', '.run(name, length, covered ? 1 : 0);'),
    );
  });

  it('binds an optional boolean of a named-parameter object as 1/0, keeping an absent one absent (ESM)', async () => {
    const store =
      "import { db } from './db.js';\nexport function insertTodo(todo) {\n" +
      "  return db.prepare('INSERT INTO todos (title, urgent) VALUES (@title, @urgent)').run({ title: " +
      'todo.title, urgent: todo.urgent });\n}\n';
    const { context } = templateContext(
      { 'src/store.js': store },
      {
        kind: 'runtime_error',
        endpoint: 'POST /todos',
        expected: 201,
        log: refused('insertTodo (file:///app/src/store.js:3:87)'),
      },
    );
    const operation = withBody(context.operation!, { title: { type: 'string' }, urgent: { type: 'boolean' } }, [
      'title',
    ]);
    const found = await allCandidates(nodeSqliteBindBoolean, { ...context, operation }, ['src/store.js']);
    expect(found[0]!.files['src/store.js']).toContain(
      '.run({ title: todo.title, urgent: todo.urgent == null ? null : todo.urgent ? 1 : 0 });',
    );
  });

  it('leaves a call binding no documented boolean (a Date, say), and a request with no boolean field', async () => {
    const dated = repo.replace('.run(name, length, covered);', '.run(name, length, new Date());');
    expect(
      await allCandidates(
        nodeSqliteBindBoolean,
        dock({ name: { type: 'string' }, covered: { type: 'boolean' } }, ['name'], dated),
        [],
      ),
    ).toEqual([]);
    expect(
      await allCandidates(
        nodeSqliteBindBoolean,
        dock({ name: { type: 'string' }, covered: { type: 'string' } }, ['name']),
        [],
      ),
    ).toEqual([]);
  });
});
