import { describe, expect, it } from 'vitest';
import { nodeInsertMissingColumn } from './insert-missing-column.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const repository = (columns: string, marks: string, values: string) =>
  "import { run } from '../db/database.js';\nexport const bookings = {\n  create(data) {\n" +
  `    const { lastInsertId } = run(\n      \`INSERT INTO bookings (${columns})\n       VALUES (${marks})\`,\n` +
  `      [${values}],\n    );\n    return lastInsertId;\n  },\n};\n`;
const run = (source: string) =>
  allCandidates(
    nodeInsertMissingColumn,
    templateContext(
      { 'src/repositories/bookings.js': source },
      {
        kind: 'runtime_error',
        endpoint: 'POST /flights/{flightId}/bookings',
        log: nodeLog('Error: NOT NULL constraint failed: bookings.passenger_email', [
          'run (/app/src/db/database.js:45:8)',
          'Object.create (/app/src/repositories/bookings.js:4:35)',
        ]),
      },
    ).context,
    ['src/repositories/bookings.js'],
  );

describe('node.insert-missing-column', () => {
  it('appends the column, a placeholder and the field of the object its siblings come from', async () => {
    const found = await run(
      repository('flight_id, passenger_name, seats', '?, ?, ?', 'data.flightId, data.passengerName, data.seats'),
    );
    expect(found.map((f) => f.files['src/repositories/bookings.js'])).toEqual([
      repository(
        'flight_id, passenger_name, seats, passenger_email',
        '?, ?, ?, ?',
        'data.flightId, data.passengerName, data.seats, data.passengerEmail',
      ),
    ]);
  });

  it('leaves values of mixed holders, and placeholders that do not match them', async () => {
    expect(await run(repository('flight_id, seats', '?, ?', 'flightId, data.seats'))).toEqual([]);
    expect(await run(repository('flight_id, seats', "?, 'x', ?", 'data.flightId'))).toEqual([]);
  });
});
