import { describe, expect, it } from 'vitest';
import { nodeSqlColumnCase } from './sql-column-case.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const SNAKE = ".replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())";
const SCHEMA = 'src/db/schema.ts';
const schema =
  'export const SCHEMA_SQL = `\nCREATE TABLE boats (\n  id INTEGER PRIMARY KEY AUTOINCREMENT,\n' +
  '  hull_length_cm INTEGER NOT NULL CHECK (hull_length_cm > 0),\n  berth_fee_cents INTEGER NOT NULL,\n' +
  '  owner_id INTEGER REFERENCES owners(id),\n  UNIQUE (owner_id, hull_length_cm)\n);\n`;\n';
const DB = 'src/db/database.ts';
const db =
  "import initSqlJs from 'sql.js';\nlet handle: any;\n\n" +
  'export function execute(sql: string, params: unknown[] = []) {\n  handle.run(sql, params);\n' +
  '  return { changes: handle.getRowsModified() };\n}\n';
const SERVICE = 'src/services/boatService.ts';
const service = (column: string) =>
  "import { execute } from '../db/database.js';\n\n" +
  'export async function updateBoat(id: number, patch: Record<string, unknown>) {\n' +
  '  const entries = Object.entries(patch).filter(([, value]) => value !== undefined);\n' +
  `  const sets = entries.map(([key]) => \`\${${column}} = ?\`).join(', ');\n` +
  '  execute(`UPDATE boats SET ${sets} WHERE id = ?`, [...entries.map(([, v]) => v), id]);\n' +
  '  return id;\n}\n';
const sqlError = (column: string, frames: string[]) => nodeLog(`Error: no such column: ${column}`, frames);
const frames = [
  'e.handleError (/app/node_modules/sql.js/dist/sql-wasm.js:90:371)',
  'execute (/app/src/db/database.ts:5:10)',
  'Module.updateBoat (/app/src/services/boatService.ts:6:3)',
  'async update (/app/src/controllers/boatController.ts:30:12)',
];

describe('node.sql-column-case', () => {
  it('writes a camelCase key as its snake_case column in a SET clause built in a map (TS, sql.js)', async () => {
    const { context } = templateContext(
      { [SCHEMA]: schema, [DB]: db, [SERVICE]: service('key') },
      { kind: 'runtime_error', endpoint: 'PATCH /boats/{id}', log: sqlError('berthFeeCents', frames) },
    );
    const found = await allCandidates(nodeSqlColumnCase, context, [SERVICE, DB]);
    expect(found.map((f) => f.files)).toEqual([{ [SERVICE]: service(`String(key)${SNAKE}`), [DB]: db }]);
  });

  it('converts every key written by concatenation, the schema in a .sql file (JS, better-sqlite3)', async () => {
    const file = 'src/repo/members.js';
    const source = [
      "const db = require('./db');",
      '',
      'function search(filters) {',
      '  const where = [];',
      '  for (const field of Object.keys(filters)) where.push(field + " = ?");',
      "  const sql = 'SELECT * FROM members WHERE ' + where.join(' AND ');",
      '  return db.prepare(sql).all(...Object.values(filters));',
      '}',
      'module.exports = { search };',
      '',
    ].join('\n');
    const sql =
      'CREATE TABLE IF NOT EXISTS members (\n  id INTEGER PRIMARY KEY,\n  joined_on TEXT,\n  club_id INTEGER\n);\n';
    const { context } = templateContext(
      { [file]: source, 'db/schema.sql': sql },
      {
        kind: 'runtime_error',
        endpoint: 'GET /members',
        log: nodeLog('SqliteError: no such column: joinedOn', [
          'Database.prepare (/app/node_modules/better-sqlite3/lib/methods/wrappers.js:5:21)',
          'search (/app/src/repo/members.js:7:13)',
        ]),
      },
    );
    const found = await allCandidates(nodeSqlColumnCase, context, [file]);
    expect(found.map((f) => f.files[file])).toEqual([source.replace('push(field + ', `push(field${SNAKE} + `)]);
  });

  it('leaves a snake_case name, a name whose snake_case is no column, and written-out columns alone', async () => {
    const literal = service('key').replace('`${key} = ?`', "'berthFeeCents = ?'");
    for (const [files, column] of [
      [{ [SCHEMA]: schema, [DB]: db, [SERVICE]: service('key') }, 'berth_fee'],
      [{ [SCHEMA]: schema, [DB]: db, [SERVICE]: service('key') }, 'berthFee'],
      [{ [SCHEMA]: schema, [DB]: db, [SERVICE]: literal }, 'berthFeeCents'],
    ] as const) {
      const { context } = templateContext(files, {
        kind: 'runtime_error',
        endpoint: 'PATCH /boats/{id}',
        log: sqlError(column, frames),
      });
      expect(await allCandidates(nodeSqlColumnCase, context, [])).toEqual([]);
    }
  });
});
