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
});
