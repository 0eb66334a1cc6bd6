import { describe, expect, it } from 'vitest';
import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { nodeJsonParseGuard } from './json-parse-guard.js';
import { nodeStoredJsonInsert } from './stored-json-insert.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// The repository, schema, request body and trace of a real run (Express 4 ESM on better-sqlite3).
const REPOSITORY =
  "import { getDb } from '../db/connection.js';\n\nconst toMember = (row) => ({\n  id: row.id,\n" +
  '  name: row.name,\n  email: row.email,\n  planId: row.plan_id,\n' +
  '  preferences: JSON.parse(row.preferences),\n  joinedAt: row.joined_at,\n});\n\n' +
  'export const membersRepository = {\n  findAll() {\n' +
  "    return getDb().prepare('SELECT * FROM members ORDER BY id').all().map(toMember);\n  },\n" +
  "  findById(id) {\n    const row = getDb().prepare('SELECT * FROM members WHERE id = ?').get(id);\n" +
  '    return row ? toMember(row) : null;\n  },\n  findByEmail(email) {\n' +
  "    const row = getDb().prepare('SELECT * FROM members WHERE lower(email) = lower(?)').get(email);\n" +
  '    return row ? toMember(row) : null;\n  },\n  insert({ name, email, planId }) {\n' +
  "    const info = getDb()\n      .prepare('INSERT INTO members (name, email, plan_id) VALUES (?, ?, " +
  "?)')\n      .run(name, email, planId);\n    return Number(info.lastInsertRowid);\n  },\n" +
  '  bookingStats(memberId) {\n    return getDb()\n      .prepare(\n' +
  '        `SELECT start_time AS startTime, end_time AS endTime, amount_cents AS amountCents\n' +
  "           FROM bookings WHERE member_id = ? AND status = 'confirmed' ORDER BY start_time`,\n      )\n" +
  '      .all(memberId);\n  },\n};\n';
// Another table first: a CREATE TABLE right after one must still be read.
const SCHEMA =
  'export function createSchema(db) {\n  db.exec(`\n    CREATE TABLE plans (\n' +
  '      id INTEGER PRIMARY KEY AUTOINCREMENT,\n      name TEXT NOT NULL\n    );\n    CREATE TABLE members (\n' +
  '      id INTEGER PRIMARY KEY AUTOINCREMENT,\n      name TEXT NOT NULL,\n' +
  '      email TEXT NOT NULL UNIQUE,\n      plan_id INTEGER NOT NULL REFERENCES plans(id),\n' +
  "      preferences TEXT NOT NULL DEFAULT '',\n" +
  "      joined_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))\n    );\n  `);\n}\n";
const MEMBER_CREATE = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 120 },
    email: { type: 'string', format: 'email' },
    planId: { type: 'integer', minimum: 1 },
    preferences: {
      type: 'object',
      additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    },
  },
  required: ['name', 'email', 'planId'],
  example: { name: 'Eli Novak', email: 'eli.novak@example.com', planId: 1, preferences: { quietZone: true } },
};
const LOG = nodeLog('SyntaxError: Unexpected end of JSON input', [
  'JSON.parse (<anonymous>)',
  'toMember (file:///app/src/repositories/members.repository.js:8:21)',
  'Object.findById (file:///app/src/repositories/members.repository.js:18:18)',
]);

function context(
  files: Record<string, string>,
  body: Record<string, unknown> = MEMBER_CREATE,
  log = LOG,
  endpoint = 'POST /members',
) {
  const made = templateContext(files, { kind: 'runtime_error', endpoint, expected: 201, log });
  const operation: ApiOperation = {
    ...made.context.operation!,
    requestBody: { required: true, mediaType: 'application/json', schema: body },
    responses: [
      {
        status: '201',
        mediaTypes: ['application/json'],
        schema: { type: 'object', properties: { preferences: { type: 'object' } } },
      },
    ],
  } as ApiOperation;
  return { ...made.context, operation };
}

describe('node.stored-json-insert', () => {
  it("stores the documented field a destructuring insert leaves out (its DEFAULT '' is then parsed)", async () => {
    const files = { 'src/repositories/members.repository.js': REPOSITORY, 'src/db/schema.js': SCHEMA };
    const found = await allCandidates(nodeStoredJsonInsert, context(files), ['src/repositories/members.repository.js']);
    expect(found).toHaveLength(1);
    expect(found[0]!.files['src/repositories/members.repository.js']).toBe(
      REPOSITORY.replace('insert({ name, email, planId })', 'insert({ name, email, planId, preferences })')
        .replace('(name, email, plan_id) VALUES (?, ?, ?)', '(name, email, plan_id, preferences) VALUES (?, ?, ?, ?)')
        .replace('.run(name, email, planId)', '.run(name, email, planId, JSON.stringify(preferences ?? {}))'),
    );
    // The default a guard would read instead drops the request's value: no such candidate.
    expect(await allCandidates(nodeJsonParseGuard, context(files), [])).toEqual([]);
  });

  it('an insert reading its values from one object (CommonJS), an array field', async () => {
    const notes =
      "const db = require('./db');\n\nconst toNote = (r) => ({ id: r.id, title: r.title, tags: " +
      'JSON.parse(r.tags) });\n\nfunction create(note) {\n' +
      "  const info = db.prepare('INSERT INTO notes (title) VALUES (?)').run(note.title);\n" +
      "  return toNote(db.prepare('SELECT * FROM notes WHERE id = ?').get(info.lastInsertRowid));\n}\n" +
      'module.exports = { create };\n';
    const ddl =
      'module.exports = `CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL, tags TEXT NOT ' +
      "NULL DEFAULT '');`;\n";
    const body = {
      type: 'object',
      properties: { title: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
    };
    const log = nodeLog('SyntaxError: Unexpected end of JSON input', [
      'JSON.parse (<anonymous>)',
      'toNote (/app/src/notes.js:3:64)',
    ]);
    const found = await allCandidates(
      nodeStoredJsonInsert,
      context({ 'src/notes.js': notes, 'src/ddl.js': ddl }, body, log, 'POST /notes'),
      ['src/notes.js'],
    );
    expect(found[0]!.files['src/notes.js']).toBe(
      notes.replace(
        "INSERT INTO notes (title) VALUES (?)').run(note.title)",
        "INSERT INTO notes (title, tags) VALUES (?, ?)').run(note.title, JSON.stringify(note.tags ?? []))",
      ),
    );
  });

  it('counts only the INSERTs that leave the column out: a seed storing it made no empty row', async () => {
    const seed =
      "import { getDb } from './connection.js';\n\nexport function seed(rows) {\n" +
      '  const insert = getDb().prepare(\n' +
      "    'INSERT INTO members (name, email, plan_id, preferences) VALUES (?, ?, ?, ?)',\n  );\n" +
      '  for (const [name, email, planId, prefs] of rows) insert.run(name, email, planId, JSON.stringify(prefs));\n' +
      '}\n';
    const files = {
      'src/repositories/members.repository.js': REPOSITORY,
      'src/db/schema.js': SCHEMA,
      'src/db/seed.js': seed,
    };
    const found = await allCandidates(nodeStoredJsonInsert, context(files), [
      'src/repositories/members.repository.js',
      'src/db/seed.js',
    ]);
    expect(found).toHaveLength(1);
    expect(found[0]!.files['src/db/seed.js']).toBe(seed);
    expect(found[0]!.files['src/repositories/members.repository.js']).toContain(
      '.run(name, email, planId, JSON.stringify(preferences ?? {}))',
    );
  });

  it('leaves a field the request does not document, and a table inserted into twice', async () => {
    const files = { 'src/repositories/members.repository.js': REPOSITORY, 'src/db/schema.js': SCHEMA };
    const without = Object.fromEntries(
      Object.entries(MEMBER_CREATE.properties as Record<string, unknown>).filter(([name]) => name !== 'preferences'),
    );
    expect(
      await allCandidates(nodeStoredJsonInsert, context(files, { ...MEMBER_CREATE, properties: without }), []),
    ).toEqual([]);
    const twice = REPOSITORY.replace(
      '  bookingStats(memberId) {',
      "  importOne(m) {\n    return getDb().prepare('INSERT INTO members (name, email, plan_id) VALUES (?, " +
        "?, ?)').run(m.name, m.email, m.planId);\n  },\n  bookingStats(memberId) {",
    );
    expect(
      await allCandidates(
        nodeStoredJsonInsert,
        context({ ...files, 'src/repositories/members.repository.js': twice }),
        [],
      ),
    ).toEqual([]);
  });
});
