import { describe, expect, it } from 'vitest';
import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { nodeBooleanField } from './boolean-field.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

// The repository, schema and violation of a real run (Express 4 ESM on better-sqlite3).
const REPOSITORY =
  "import { getDb } from '../db/connection.js';\n\nconst toRoom = (row) => ({\n  id: row.id,\n" +
  '  name: row.name,\n  capacity: row.capacity,\n  hasScreen: row.has_screen,\n' +
  '  hourlyRateCents: row.hourly_rate_cents,\n});\n\nexport const roomsRepository = {\n  findAll() {\n' +
  "    return getDb().prepare('SELECT * FROM rooms ORDER BY id').all().map(toRoom);\n  },\n" +
  "  findById(id) {\n    const row = getDb().prepare('SELECT * FROM rooms WHERE id = ?').get(id);\n" +
  '    return row ? toRoom(row) : null;\n  },\n};\n';
const SCHEMA =
  'export function createSchema(db) {\n  db.exec(`\n    CREATE TABLE rooms (\n' +
  '      id INTEGER PRIMARY KEY AUTOINCREMENT,\n      name TEXT NOT NULL UNIQUE,\n' +
  '      capacity INTEGER NOT NULL,\n      has_screen INTEGER NOT NULL DEFAULT 0,\n' +
  '      hourly_rate_cents INTEGER NOT NULL\n    );\n  `);\n}\n';
const MESSAGE = 'body does not match the HTTP 200 schema: /hasScreen must be boolean';
const BODY = '{"id":1,"name":"Boardroom","capacity":10,"hasScreen":1,"hourlyRateCents":4500}';
const ROOM = { type: 'object', properties: { id: { type: 'integer' }, hasScreen: { type: 'boolean' } } };

function context(
  files: Record<string, string>,
  { message = MESSAGE, body = BODY, schema = ROOM as Record<string, unknown> } = {},
) {
  const made = templateContext(files, { kind: 'schema_mismatch', endpoint: 'GET /rooms/{id}', actual: 200, message });
  Object.assign(made.context.cause.violations[0]!, { responseExcerpt: body });
  const operation: ApiOperation = {
    ...made.context.operation!,
    responses: [{ status: '200', mediaTypes: ['application/json'], schema }],
  };
  return { ...made.context, operation };
}

describe('node.boolean-field', () => {
  it('reads a 0/1 INTEGER column as the boolean the contract documents (the row mapper)', async () => {
    const files = { 'src/repositories/rooms.repository.js': REPOSITORY, 'src/db/schema.js': SCHEMA };
    const found = await allCandidates(nodeBooleanField, context(files), ['src/repositories/rooms.repository.js']);
    expect(found).toHaveLength(1);
    expect(found[0]!.files['src/repositories/rooms.repository.js']).toBe(
      REPOSITORY.replace('hasScreen: row.has_screen,', 'hasScreen: Boolean(row.has_screen),'),
    );
  });

  it('a TypeScript service over a list, the column declared BOOLEAN in a migration', async () => {
    const service =
      "import { db } from './db.js';\n\nexport function listLockers(): { id: number; open: boolean }[] {\n" +
      "  return db.prepare('SELECT * FROM lockers').all().map((r: any) => ({ id: r.id, open: r.is_open }));" +
      '\n}\n';
    const migration =
      'export const up = `CREATE TABLE lockers (id INTEGER PRIMARY KEY, is_open BOOLEAN NOT NULL DEFAULT 0)`;\n';
    const lockers = { type: 'array', items: { type: 'object', properties: { open: { type: 'boolean' } } } };
    const found = await allCandidates(
      nodeBooleanField,
      context(
        { 'src/lockers.ts': service, 'src/migrations/001.ts': migration },
        {
          message: 'body does not match the HTTP 200 schema: /0/open must be boolean; /1/open must be boolean',
          body: '[{"id":1,"open":0},{"id":2,"open":1}]',
          schema: lockers,
        },
      ),
      ['src/lockers.ts'],
    );
    expect(found[0]!.files['src/lockers.ts']).toBe(service.replace('open: r.is_open', 'open: Boolean(r.is_open)'));
  });

  it('leaves a field holding other values, a nullable field, and a column declared TEXT', async () => {
    const files = { 'src/repositories/rooms.repository.js': REPOSITORY, 'src/db/schema.js': SCHEMA };
    expect(
      await allCandidates(
        nodeBooleanField,
        context(files, { body: BODY.replace('"hasScreen":1', '"hasScreen":"yes"') }),
        [],
      ),
    ).toEqual([]);
    const nullable = { type: 'object', properties: { hasScreen: { type: ['boolean', 'null'] } } };
    expect(await allCandidates(nodeBooleanField, context(files, { schema: nullable }), [])).toEqual([]);
    const text = { ...files, 'src/db/schema.js': SCHEMA.replace('has_screen INTEGER', 'has_screen TEXT') };
    expect(await allCandidates(nodeBooleanField, context(text), [])).toEqual([]);
  });
});
