import { describe, expect, it } from 'vitest';
import { nodeSqlAmbiguousColumn } from './sql-ambiguous-column.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const schema =
  'CREATE TABLE flights (id INTEGER PRIMARY KEY, balloon_id INTEGER);\n' +
  'CREATE TABLE balloons (id INTEGER PRIMARY KEY, registration TEXT);\n';
const repository = (where: string, join = ' JOIN balloons b ON b.id = f.balloon_id') =>
  "import { get } from '../db/database.js';\nexport const flights = {\n  async findDetailById(id: number) {\n" +
  `    return get(\n      \`SELECT f.id, b.registration AS balloon_registration,\n` +
  '        (SELECT COUNT(*) FROM bookings bk WHERE bk.flight_id = f.id) AS seats\n' +
  `         FROM flights f${join}\n` +
  `        WHERE ${where}\`,\n      [id],\n    );\n  },\n};\n`;
const run = (source: string) =>
  allCandidates(
    nodeSqlAmbiguousColumn,
    templateContext(
      { 'src/db/schema.sql': schema, 'src/repositories/flights.ts': source },
      {
        kind: 'runtime_error',
        endpoint: 'GET /flights/{flightId}',
        log: nodeLog('Error: ambiguous column name: id', [
          'all (/app/src/db/database.ts:26:10)',
          'Object.findDetailById (/app/src/repositories/flights.ts:4:12)',
        ]),
      },
    ).context,
    ['src/repositories/flights.ts'],
  );

describe('node.sql-ambiguous-column', () => {
  it("qualifies the bare column with the FROM table's alias, in SQL below the call on the frame's line", async () => {
    const found = await run(repository('id = ?'));
    expect(found.map((f) => f.files['src/repositories/flights.ts'])).toEqual([repository('f.id = ?')]);
  });

  it('leaves SQL without a join, and one whose columns are all qualified', async () => {
    expect(await run(repository('id = ?', ''))).toEqual([]);
    expect(await run(repository('f.id = ?'))).toEqual([]);
  });
});
