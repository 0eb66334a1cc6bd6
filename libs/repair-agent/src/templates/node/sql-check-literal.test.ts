import { describe, expect, it } from 'vitest';
import { nodeSqlCheckLiteral } from './sql-check-literal.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const schema =
  "CREATE TABLE loans (\n  id INTEGER PRIMARY KEY,\n  kind TEXT NOT NULL,\n  state TEXT NOT NULL DEFAULT 'open'\n" +
  "    CHECK (state IN ('open', 'returned', 'written_off'))\n);\n";
const db = 'export function run(sql: string, params: unknown[]) {\n  return engine.run(sql, params);\n}\n';
const service = (sql: string) =>
  "import { run } from '../db/index.js';\n\nexport function close(id: number) {\n" + `  run(${sql}, [id]);\n}\n`;
const attempt = (sql: string, message: string) =>
  allCandidates(
    nodeSqlCheckLiteral,
    templateContext(
      { 'src/db/schema.sql': schema, 'src/db/index.ts': db, 'src/services/loans.ts': service(sql) },
      {
        kind: 'runtime_error',
        endpoint: 'POST /loans/{id}/close',
        log: nodeLog(`Error: ${message}`, [
          'run (/app/src/db/index.ts:2:17)',
          'close (/app/src/services/loans.ts:4:3)',
        ]),
      },
    ).context,
    ['src/services/loans.ts'],
  );
const stated = "CHECK constraint failed: state IN ('open', 'returned', 'written_off')";

describe('node.sql-check-literal', () => {
  it("writes the allowed spelling the message's IN list gives for an UPDATE's literal", async () => {
    const found = await attempt(`"UPDATE loans SET state = 'retuned' WHERE id = ?"`, stated);
    expect(found.map((f) => f.files['src/services/loans.ts'])).toEqual([
      service(`"UPDATE loans SET state = 'returned' WHERE id = ?"`),
    ]);
  });

  it("reads the allowed values from the schema's CHECK when the message names none (an INSERT)", async () => {
    const sql = "`INSERT INTO loans (kind, state) VALUES ('book', 'written-off')`";
    const found = await attempt(sql, 'CHECK constraint failed: loans');
    expect(found.map((f) => f.files['src/services/loans.ts'])).toEqual([
      service(sql.replace('written-off', 'written_off')),
    ]);
  });

  it('leaves a value near none of the allowed ones, and a literal of the WHERE clause', async () => {
    expect(await attempt(`"UPDATE loans SET state = 'lost' WHERE id = ?"`, stated)).toEqual([]);
    expect(await attempt(`"UPDATE loans SET kind = ? WHERE state = 'retuned'"`, stated)).toEqual([]);
  });
});
