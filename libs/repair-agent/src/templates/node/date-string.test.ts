import { describe, expect, it } from 'vitest';
import { nodeDateString } from './date-string.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const notAFunction = (callee: string, frame: string) => nodeLog(`TypeError: ${callee} is not a function`, [frame]);

describe('node.date-string', () => {
  it('reads both sides of a sort comparator as Dates (ESM handler, ISO strings from the database)', async () => {
    const source =
      "import * as logs from '../services/logs.js';\n\nexport const recent = async (req, res) => {\n" +
      '  const items = await logs.recent(50);\n' +
      '  items.sort((a, b) => b.cookedAt.getTime() - a.cookedAt.getTime());\n  res.json(items);\n};\n';
    const { context } = templateContext(
      { 'src/handlers/logs.js': source },
      {
        kind: 'crash',
        endpoint: 'GET /logs',
        log: notAFunction('b.cookedAt.getTime', '/app/src/handlers/logs.js:5:35'),
      },
    );
    const found = await allCandidates(nodeDateString, context, ['src/handlers/logs.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.date-string']);
    expect(found[0]!.files['src/handlers/logs.js']).toBe(
      source.replace(
        'b.cookedAt.getTime() - a.cookedAt.getTime()',
        'new Date(b.cookedAt).getTime() - new Date(a.cookedAt).getTime()',
      ),
    );
  });

  it('reads a plain variable as a Date in a CommonJS service (toISOString on a timestamp)', async () => {
    const source =
      'function toDto(row) {\n  const due = row.due_at;\n' +
      '  return { id: row.id, dueAt: due.toISOString() };\n}\nmodule.exports = { toDto };\n';
    const { context } = templateContext(
      { 'src/mappers.js': source },
      {
        kind: 'runtime_error',
        endpoint: 'GET /loans',
        log: notAFunction('due.toISOString', 'toDto (/app/src/mappers.js:3:35)'),
      },
    );
    const found = await allCandidates(nodeDateString, context, ['src/mappers.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.date-string#declaration', 'node.date-string']);
    expect(found[0]!.files['src/mappers.js']).toBe(source.replace('= row.due_at;', '= new Date(row.due_at);'));
    expect(found[1]!.files['src/mappers.js']).toBe(source.replace('due.toISOString()', 'new Date(due).toISOString()'));
  });

  it('declares a local copy of a request field as a Date, for its comparisons and record (TypeScript)', async () => {
    const source =
      'export async function book(input: { startsAt: Date; hours: number }, taken: { startsAt: Date }[]) {\n' +
      '  const startsAt = input.startsAt;\n  const endsAt = new Date(startsAt.getTime() + input.hours * 3600000);\n' +
      '  if (taken.some((t) => t.startsAt < endsAt && startsAt < t.startsAt)) throw new Error("clash");\n' +
      '  return { startsAt, endsAt };\n}\n';
    const { context } = templateContext(
      { 'src/book.ts': source },
      {
        kind: 'runtime_error',
        endpoint: 'POST /bookings',
        log: notAFunction('startsAt.getTime', 'book (/app/src/book.ts:3:36)'),
      },
    );
    const found = await allCandidates(nodeDateString, context, ['src/book.ts']);
    expect(found[0]!.files['src/book.ts']).toBe(source.replace('= input.startsAt;', '= new Date(input.startsAt);'));
    // A local also read as text keeps its declaration: only the failing use is converted.
    const text = source.replace('return { startsAt,', 'return { day: startsAt.slice(0, 10),');
    const textual = templateContext(
      { 'src/book.ts': text },
      {
        kind: 'runtime_error',
        endpoint: 'POST /bookings',
        log: notAFunction('startsAt.getTime', 'book (/app/src/book.ts:3:36)'),
      },
    );
    const only = await allCandidates(nodeDateString, textual.context, ['src/book.ts']);
    expect(only.map((f) => f.candidate.key)).toEqual(['node.date-string']);
    // Tested for presence or identity: new Date(undefined) is truthy and no two Dates are ===.
    for (const check of [
      '  if (!startsAt) throw new Error("missing");\n',
      '  if (taken.some((t) => t.startsAt === startsAt)) throw 1;\n',
      '  if (typeof startsAt !== "string") throw 1;\n',
      '  if (!Boolean(startsAt)) throw 1;\n',
    ]) {
      const tested = source.replace('  const endsAt', `${check}  const endsAt`);
      const at = templateContext(
        { 'src/book.ts': tested },
        {
          kind: 'runtime_error',
          endpoint: 'POST /bookings',
          log: notAFunction('startsAt.getTime', 'book (/app/src/book.ts:4:36)'),
        },
      );
      const keys = (await allCandidates(nodeDateString, at.context, ['src/book.ts'])).map((f) => f.candidate.key);
      expect(keys, check).toEqual(['node.date-string']);
    }
  });

  it('reads the same way in TypeScript, type annotations and all', async () => {
    const source =
      "import { Log } from './log';\n\nexport function newest(items: Log[]): Log[] {\n" +
      '  return [...items].sort((a: Log, b: Log) => b.at.getTime() - (a.at as Date).getTime());\n}\n';
    const { context } = templateContext(
      { 'src/newest.ts': source, 'src/log.ts': 'export interface Log {\n  at: Date;\n}\n' },
      {
        kind: 'runtime_error',
        endpoint: 'GET /logs',
        log: notAFunction('b.at.getTime', 'newest (/app/src/newest.ts:4:50)'),
      },
    );
    const found = await allCandidates(nodeDateString, context, ['src/newest.ts']);
    expect(found[0]!.files['src/newest.ts']).toBe(
      source.replace(
        'b.at.getTime() - (a.at as Date).getTime()',
        'new Date(b.at).getTime() - (new Date(a.at) as Date).getTime()',
      ),
    );
  });

  it('leaves a module-level object lacking a method, and a method no Date has', async () => {
    const clock =
      "const clock = require('./clock');\nexports.now = (req, res) => {\n  res.json({ at: clock.getTime() });\n};\n";
    const bound = templateContext(
      { 'src/now.js': clock },
      {
        kind: 'runtime_error',
        endpoint: 'GET /now',
        log: notAFunction('clock.getTime', 'exports.now (/app/src/now.js:3:25)'),
      },
    );
    expect(await allCandidates(nodeDateString, bound.context, [])).toEqual([]);
    const typo =
      'exports.list = (req, res) => {\n' +
      '  res.json(req.body.items.sort((a, b) => b.at.getTimestamp() - a.at.getTimestamp()));\n};\n';
    const other = templateContext(
      { 'src/list.js': typo },
      {
        kind: 'runtime_error',
        endpoint: 'POST /list',
        log: notAFunction('b.at.getTimestamp', 'exports.list (/app/src/list.js:2:51)'),
      },
    );
    expect(await allCandidates(nodeDateString, other.context, [])).toEqual([]);
  });
});
