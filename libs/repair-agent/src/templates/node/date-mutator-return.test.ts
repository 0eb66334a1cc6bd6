import { describe, expect, it } from 'vitest';
import { nodeDateMutatorReturn } from './date-mutator-return.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const TIME = 'src/lib/time.js';
const time = [
  "'use strict';",
  '',
  'function shiftHours(at, hours) {',
  '  const moved = new Date(at);',
  '  return moved.setUTCHours(moved.getUTCHours() + hours);',
  '}',
  '',
  'function stamp(when) {',
  '  return when.toISOString();',
  '}',
  '',
  'module.exports = { shiftHours, stamp };',
  '',
].join('\n');
const BOOKINGS = 'src/services/bookings.js';
const bookings = [
  "const { shiftHours, stamp } = require('../lib/time');",
  '',
  'function book(input) {',
  '  return {',
  '    court: input.court,',
  '    endsAt: stamp(shiftHours(input.startsAt, 2)),',
  '  };',
  '}',
  '',
  'module.exports = { book };',
  '',
].join('\n');
const notAFunction = (what: string, frames: string[]) => nodeLog(`TypeError: ${what} is not a function`, frames);

describe('node.date-mutator-return', () => {
  it("returns the Date a helper's setter changed, traced from the parameter through the calling frame", async () => {
    const log = notAFunction('when.toISOString', [
      'stamp (/app/src/lib/time.js:9:15)',
      'book (/app/src/services/bookings.js:6:13)',
      'async create (/app/src/controllers/bookings.js:8:17)',
    ]);
    const { context } = templateContext(
      { [TIME]: time, [BOOKINGS]: bookings },
      { kind: 'runtime_error', endpoint: 'POST /bookings', log, expected: 201 },
    );
    const found = await allCandidates(nodeDateMutatorReturn, context, [TIME, BOOKINGS]);
    expect(found.map((f) => f.files)).toEqual([
      {
        [TIME]: time.replace(
          '  return moved.setUTCHours(moved.getUTCHours() + hours);',
          '  moved.setUTCHours(moved.getUTCHours() + hours);\n  return moved;',
        ),
        [BOOKINGS]: bookings,
      },
    ]);
  });

  it('reads a setter chained at once as the Date its time stands for', async () => {
    const dates =
      "'use strict';\nfunction addMonths(isoDate, months) {\n  const d = new Date(`${isoDate}T00:00:00Z`);\n" +
      '  return d.setUTCMonth(d.getUTCMonth() + months).toISOString().slice(0, 10);\n}\n' +
      'module.exports = { addMonths };\n';
    const { context } = templateContext(
      { 'src/utils/dates.js': dates },
      {
        kind: 'runtime_error',
        endpoint: 'POST /batches',
        log: nodeLog('TypeError: d.setUTCMonth(...).toISOString is not a function', [
          'addMonths (/app/src/utils/dates.js:4:50)',
        ]),
      },
    );
    const found = await allCandidates(nodeDateMutatorReturn, context, ['src/utils/dates.js']);
    expect(found.map((f) => f.files['src/utils/dates.js'])).toEqual([
      dates.replace(
        'd.setUTCMonth(d.getUTCMonth() + months).toISOString()',
        'new Date(d.setUTCMonth(d.getUTCMonth() + months)).toISOString()',
      ),
    ]);
  });

  it("keeps the Date in a local that held the setter's result (TypeScript, no semicolons)", async () => {
    const file = 'src/services/invoices.ts';
    const source = [
      'export function dueOf(issued: Date): { due: string } {',
      '  const start = new Date(issued)',
      '  const due: any = start.setDate(start.getDate() + 30)',
      '  return { due: due.toISOString().slice(0, 10) }',
      '}',
      '',
    ].join('\n');
    const log = notAFunction('due.toISOString', ['dueOf (/app/src/services/invoices.ts:4:21)']);
    const { context } = templateContext({ [file]: source }, { kind: 'runtime_error', endpoint: 'GET /invoices', log });
    const found = await allCandidates(nodeDateMutatorReturn, context, [file]);
    expect(found.map((f) => f.files[file])).toEqual([
      source.replace(
        '  const due: any = start.setDate(start.getDate() + 30)',
        '  start.setDate(start.getDate() + 30)\n  const due: any = start',
      ),
    ]);
  });

  it('makes an arrow that returns a setter call hand on its Date, called on the failing line', async () => {
    const file = 'src/reminders.js';
    const source = [
      'const later = (d, minutes) => d.setMinutes(d.getMinutes() + minutes);',
      '',
      'function remindAt(now) {',
      '  return later(new Date(now), 15).getTime();',
      '}',
      'module.exports = { remindAt };',
      '',
    ].join('\n');
    // V8 names a call receiver with its arguments elided.
    const log = notAFunction('later(...).getTime', ['remindAt (/app/src/reminders.js:4:35)']);
    const { context } = templateContext({ [file]: source }, { kind: 'runtime_error', endpoint: 'GET /reminders', log });
    const fixed = await allCandidates(nodeDateMutatorReturn, context, [file]);
    expect(fixed.map((f) => f.files[file])).toEqual([
      // The caller's Date stays as it was: a changed copy is handed on.
      source.replace(
        'd.setMinutes(d.getMinutes() + minutes);',
        'new Date(new Date(d).setMinutes(d.getMinutes() + minutes));',
      ),
    ]);
  });

  it('changes a copy where the Date is a parameter or is read again after the setter', async () => {
    const file = 'src/services/terms.js';
    const source = [
      'function termOf(starts) {',
      '  const ends = starts.setMonth(starts.getMonth() + 12);',
      '  return { starts: starts.toISOString(), ends: ends.toISOString() };',
      '}',
      'module.exports = { termOf };',
      '',
    ].join('\n');
    const log = notAFunction('ends.toISOString', ['termOf (/app/src/services/terms.js:3:55)']);
    const { context } = templateContext({ [file]: source }, { kind: 'runtime_error', endpoint: 'GET /terms', log });
    const fixed = await allCandidates(nodeDateMutatorReturn, context, [file]);
    expect(fixed.map((f) => f.files[file])).toEqual([
      source.replace(
        'starts.setMonth(starts.getMonth() + 12);',
        'new Date(new Date(starts).setMonth(starts.getMonth() + 12));',
      ),
    ]);
  });

  it('leaves a date that came as text, and a missing method that is not a Date one, alone', async () => {
    const text = time.replace(
      '  const moved = new Date(at);\n  return moved.setUTCHours(moved.getUTCHours() + hours);',
      '  return String(at);',
    );
    const frames = ['stamp (/app/src/lib/time.js:9:15)', 'book (/app/src/services/bookings.js:6:13)'];
    for (const [files, message] of [
      [{ [TIME]: text, [BOOKINGS]: bookings }, 'when.toISOString'],
      [{ [TIME]: time, [BOOKINGS]: bookings }, 'when.toJSON'],
      [{ [TIME]: time, [BOOKINGS]: bookings }, 'ledger.reserve'],
    ] as const) {
      const { context } = templateContext(files, {
        kind: 'runtime_error',
        endpoint: 'POST /bookings',
        log: notAFunction(message, frames),
      });
      expect(await allCandidates(nodeDateMutatorReturn, context, [TIME])).toEqual([]);
    }
  });
});
