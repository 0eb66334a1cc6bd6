import { describe, expect, it } from 'vitest';
import { nodeSqlBindDate } from './sql-bind-date.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const manifest = (driver: string) => JSON.stringify({ name: 'desks', dependencies: { [driver]: '^1.0.0' } });
const service = (closed: string) =>
  "const { connection, exec } = require('./db');\n\n" +
  'async function closeTicket(id, ticket) {\n  const db = await connection();\n' +
  `  let closedOn = ticket.closedOn;\n  if (ticket.state === 'closed') closedOn = ${closed};\n` +
  "  exec(db, 'UPDATE tickets SET state = ?, closed_on = ? WHERE id = ?', [ticket.state, closedOn, id]);\n}\n" +
  'async function stamp(id) {\n  return { id, at: new Date() };\n}\nmodule.exports = { closeTicket, stamp };\n';

async function run(closed: string, driver = 'sql.js', extra: Record<string, string> = {}) {
  const file = 'src/tickets.js';
  const { context } = templateContext(
    { 'package.json': manifest(driver), [file]: service(closed), ...extra },
    { kind: 'runtime_error', endpoint: 'PATCH /tickets/{id}' },
  );
  return (await allCandidates(nodeSqlBindDate, context, [file])).map((f) => f.files[file]);
}

describe('node.sql-bind-date', () => {
  it('binds the Date a 500 without a trace was refused for as ISO text (sql.js)', async () => {
    expect(await run('new Date()')).toEqual([service('new Date().toISOString()')]);
  });

  it('leaves a driver that binds Date objects itself', async () => {
    expect(await run('new Date()', 'pg')).toEqual([]);
  });

  it('leaves a Date bound at two places: no one binding to blame', async () => {
    const other =
      "const { exec } = require('./db');\nfunction log(db) {\n" +
      "  exec(db, 'INSERT INTO audit (at) VALUES (?)', [new Date()]);\n}\nmodule.exports = { log };\n";
    expect(await run('new Date()', 'sql.js', { 'src/audit.js': other })).toEqual([]);
  });

  it('leaves a value already bound as text', async () => {
    expect(await run('new Date().toISOString()')).toEqual([]);
  });

  const typed = (param: string, bound: string) =>
    "import { exec } from './db.js';\n\n" +
    `export function reopen(id: number, ${param}): void {\n` +
    "  exec('UPDATE doors SET open = 1 WHERE id = ?', [id]);\n" +
    `  exec('INSERT INTO door_log (door_id, at) VALUES (?, ?)', [id, ${bound}]);\n}\n`;
  const runTyped = async (param: string, bound = 'openedAt') => {
    const file = 'src/doors.ts';
    const { context } = templateContext(
      { 'package.json': manifest('sql.js'), [file]: typed(param, bound) },
      { kind: 'runtime_error', endpoint: 'PUT /doors/{id}' },
    );
    return (await allCandidates(nodeSqlBindDate, context, [file])).map((f) => f.files[file]);
  };

  it('binds a parameter typed Date as ISO text where it is bound', async () => {
    expect(await runTyped('openedAt: Date')).toEqual([typed('openedAt: Date', 'openedAt.toISOString()')]);
  });

  it('leaves an optional or nullable Date parameter, a string one, and one bound as text', async () => {
    expect(await runTyped('openedAt?: Date')).toEqual([]);
    expect(await runTyped('openedAt: Date | null')).toEqual([]);
    expect(await runTyped('openedAt: string')).toEqual([]);
    expect(await runTyped('openedAt: Date', 'openedAt.toISOString()')).toEqual([]);
  });
});
