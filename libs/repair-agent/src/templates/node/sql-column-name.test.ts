import { describe, expect, it } from 'vitest';
import { nodeSqlColumnName } from './sql-column-name.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const schema =
  'CREATE TABLE smiths (\n  id INTEGER PRIMARY KEY,\n  name TEXT NOT NULL,\n  joined_on TEXT NOT NULL\n);\n';
const db = 'function all(sql, params) {\n  return engine.exec(sql, params);\n}\nmodule.exports = { all };\n';
const service = (sql: string) =>
  "const db = require('../db');\n\nfunction listSmiths() {\n" +
  `  return db.all('${sql}');\n}\nmodule.exports = { listSmiths };\n`;
const run = (sql: string, message = 'no such column: joined_at') =>
  allCandidates(
    nodeSqlColumnName,
    templateContext(
      { 'src/db/schema.sql': schema, 'src/db/index.js': db, 'src/services/smiths.js': service(sql) },
      {
        kind: 'runtime_error',
        endpoint: 'GET /smiths',
        log: nodeLog(`Error: ${message}`, [
          'Object.all (/app/src/db/index.js:2:17)',
          'listSmiths (/app/src/services/smiths.js:4:13)',
        ]),
      },
    ).context,
    ['src/services/smiths.js'],
  );

describe('node.sql-column-name', () => {
  it("names the table's column the SQL meant (joined_at → joined_on)", async () => {
    const found = await run('SELECT * FROM smiths ORDER BY joined_at ASC, id ASC');
    expect(found[0]!.files['src/services/smiths.js']).toBe(
      service('SELECT * FROM smiths ORDER BY joined_on ASC, id ASC'),
    );
  });

  it("renames the column in the function's other branch on the same table too", async () => {
    const branches =
      "const db = require('../db');\n\nfunction listSmiths(name) {\n" +
      "  if (name) return db.all('SELECT * FROM smiths WHERE name = ? ORDER BY joined_at', [name]);\n" +
      "  return db.all('SELECT * FROM smiths ORDER BY joined_at');\n}\n" +
      "function other() {\n  return db.all('SELECT * FROM smiths ORDER BY joined_at');\n}\n" +
      'module.exports = { listSmiths };\n';
    const found = await allCandidates(
      nodeSqlColumnName,
      templateContext(
        { 'src/db/schema.sql': schema, 'src/db/index.js': db, 'src/services/smiths.js': branches },
        {
          kind: 'runtime_error',
          endpoint: 'GET /smiths',
          log: nodeLog('Error: no such column: joined_at', [
            'Object.all (/app/src/db/index.js:2:17)',
            'listSmiths (/app/src/services/smiths.js:5:13)',
          ]),
        },
      ).context,
      ['src/services/smiths.js'],
    );
    // Both branches of the failing function; another function's SQL is its own root cause.
    expect(found[0]!.files['src/services/smiths.js']).toBe(
      branches
        .replace("ORDER BY joined_at', [name]", "ORDER BY joined_on', [name]")
        .replace("ORDER BY joined_at');\n}\nfunction", "ORDER BY joined_on');\n}\nfunction"),
    );
  });

  it('leaves SQL of an undeclared table, and a name no column is close to', async () => {
    expect(await run('SELECT * FROM forges ORDER BY joined_at')).toEqual([]);
    expect(await run('SELECT * FROM smiths ORDER BY xyz', 'no such column: xyz')).toEqual([]);
  });
});
