import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeReduceEmpty } from './reduce-empty.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// The message and frames as Node 20 printed them for a sum over no rows (captured from a run).
const empty = (frame: string) =>
  nodeLog('TypeError: Reduce of empty array with no initial value', ['Array.reduce (<anonymous>)', frame]);
const withSchema = (endpoint: string, properties: Record<string, unknown>): ApiOperation => {
  const [method, path] = endpoint.split(' ') as [string, string];
  return {
    method,
    path,
    endpoint,
    parameters: [],
    responses: [
      { status: '200', mediaTypes: ['application/json'], schema: { type: 'object', properties } },
      { status: '404', mediaTypes: ['application/json'] },
    ],
  };
};

const service =
  "const repo = require('../repositories/catchRepository');\n\nasync function getTotals(boatId) {\n" +
  '  const catches = repo.findByBoat(boatId);\n' +
  '  const totalKg = catches.map((c) => c.weightKg).reduce((sum, w) => sum + w);\n' +
  '  return { boatId, catchCount: catches.length, totalKg };\n}\n\nmodule.exports = { getTotals };\n';
const boat = (properties: Record<string, unknown>, src = service, line = 5) => {
  const { context } = templateContext(
    { 'src/services/boatService.js': src },
    {
      kind: 'runtime_error',
      endpoint: 'GET /boats/{id}/totals',
      log: empty(`Object.getTotals (/app/src/services/boatService.js:${line}:55)`),
    },
  );
  return { ...context, operation: withSchema('GET /boats/{id}/totals', properties) };
};

describe('node.reduce-empty', () => {
  it(`starts a sum kept in a local at 0 when the field the literal fills with it is a documented integer (CommonJS \
service)`, async () => {
    const found = await allCandidates(
      nodeReduceEmpty,
      boat({ boatId: { type: 'integer' }, totalKg: { type: 'integer', minimum: 0 } }),
      ['src/services/boatService.js'],
    );
    expect(found.map((f) => f.candidate.key)).toEqual(['node.reduce-empty']);
    expect(found[0]!.files['src/services/boatService.js']).toBe(
      service.replace('.reduce((sum, w) => sum + w);', '.reduce((sum, w) => sum + w, 0);'),
    );
  });

  it('gives no candidate where a filter emptied the list by reading a member its records lack', async () => {
    const seed =
      'module.exports = {\n  catches: [\n' +
      "    { id: 1, tripId: 4, species: 'cod', weightKg: 12, status: 'landed' },\n" +
      "    { id: 2, tripId: 5, species: 'hake', weightKg: 7, status: 'landed' },\n  ],\n" +
      "  trips: [{ id: 4, boatId: 1, port: 'Brixham' }],\n};\n";
    const filtered = (test: string) =>
      "const repo = require('../repositories/catchRepository');\n\nasync function getTotals(boatId) {\n" +
      `  const catches = repo.all().filter((c) => ${test} && c.status === 'landed');\n` +
      '  const totalKg = catches.map((c) => c.weightKg).reduce((sum, w) => sum + w);\n' +
      '  return { boatId, catchCount: catches.length, species: catches.map((c) => c.species), totalKg };\n}\n\n' +
      'module.exports = { getTotals };\n';
    const run = async (test: string) => {
      const context = boat({ totalKg: { type: 'integer' } }, filtered(test));
      await context.tree.write('src/db/seed.js', seed);
      return allCandidates(nodeReduceEmpty, context, ['src/services/boatService.js']);
    };
    // Catches have a tripId, no boatId: the filter is the bug, and 0 kg would hide it.
    expect(await run('c.boatId === boatId')).toEqual([]);
    expect((await run('c.tripId === boatId')).map((f) => f.candidate.key)).toEqual(['node.reduce-empty']);
  });

  it('does the same for a sum written straight into a response literal over several lines (ESM handler)', async () => {
    const routes =
      "import { Router } from 'express';\nimport { listOrders } from '../data/orders.js';\n" +
      "const router = Router();\nrouter.get('/summary', async (req, res) => {\n" +
      '  const orders = await listOrders();\n  res.json({\n    count: orders.length,\n    revenue: orders\n' +
      '      .map((o) => o.total)\n      .reduce((acc, t) => {\n        return acc + t;\n      }),\n  });\n' +
      '});\nexport default router;\n';
    const { context } = templateContext(
      { 'src/routes/orders.js': routes },
      { kind: 'runtime_error', endpoint: 'GET /orders/summary', log: empty('file:///app/src/routes/orders.js:10:8') },
    );
    const found = await allCandidates(
      nodeReduceEmpty,
      {
        ...context,
        operation: withSchema('GET /orders/summary', { count: { type: 'integer' }, revenue: { type: 'number' } }),
      },
      ['src/routes/orders.js'],
    );
    expect(found.map((f) => f.candidate.key)).toEqual(['node.reduce-empty']);
    expect(found[0]!.files['src/routes/orders.js']).toContain('        return acc + t;\n      }, 0),\n');
  });

  it(`leaves a max by reduce, a field the contract does not document as a number, and one whose minimum excludes \
0`, async () => {
    const max = service.replace('(sum, w) => sum + w', '(a, b) => Math.max(a, b)');
    expect(await allCandidates(nodeReduceEmpty, boat({ totalKg: { type: 'integer' } }, max), [])).toEqual([]);
    expect(await allCandidates(nodeReduceEmpty, boat({ totalKg: { type: 'string' } }), [])).toEqual([]);
    expect(await allCandidates(nodeReduceEmpty, boat({ boatId: { type: 'integer' } }), [])).toEqual([]);
    expect(await allCandidates(nodeReduceEmpty, boat({ totalKg: { type: 'integer', minimum: 1 } }), [])).toEqual([]);
  });

  it('starts running totals built as a literal with every field at 0 (CommonJS, no contract)', async () => {
    const report =
      "const { db } = require('../db');\n\nasync function usage() {\n  return db.rooms.map((room) => {\n" +
      '    const rows = db.stays.filter((s) => s.roomId === room.id);\n' +
      '    const totals = rows.reduce((acc, s) => ({ nights: acc.nights + s.nights, paid: acc.paid + s.amount }));\n' +
      '    return { roomId: room.id, nights: totals.nights, paid: totals.paid };\n  });\n}\n' +
      'module.exports = { usage };\n';
    const file = 'src/services/report.js';
    const { context } = templateContext(
      { [file]: report },
      { kind: 'runtime_error', endpoint: 'GET /reports/usage', log: empty(`usage (/app/${file}:6:25)`) },
    );
    const found = await allCandidates(nodeReduceEmpty, { ...context, operation: null }, [file]);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.reduce-empty#totals']);
    expect(found[0]!.files[file]).toBe(report.replace('s.amount }));', 's.amount }), { nights: 0, paid: 0 });'));
  });

  it('starts a sum of a member of each item at 0 where no documented field names it (TypeScript)', async () => {
    const file = 'src/services/stats.ts';
    const stats =
      'export function booked(rows: { hours: number }[]): { booked: number } {\n' +
      '  const hours = rows.reduce((sum, r) => sum + r.hours);\n  return { booked: hours * 2 };\n}\n';
    const { context } = templateContext(
      { [file]: stats },
      { kind: 'runtime_error', endpoint: 'GET /stats', log: empty(`booked (/app/${file}:2:22)`) },
    );
    const found = await allCandidates(nodeReduceEmpty, context, [file]);
    expect(found[0]!.files[file]).toBe(stats.replace('sum + r.hours);', 'sum + r.hours, 0);'));
  });

  it('leaves a mean of members, and totals with a field that is no running total', async () => {
    const file = 'src/services/stats.js';
    const mean =
      'function avg(rows) {\n  return { avg: rows.reduce((a, r) => a + r.score) / rows.length };\n}\n' +
      'function last(rows) {\n  return rows.reduce((acc, r) => ({ n: acc.n + 1, id: r.id }));\n}\n';
    const at = (line: number) =>
      templateContext(
        { [file]: mean },
        { kind: 'runtime_error', endpoint: 'GET /stats', log: empty(`f (/app/${file}:${line}:20)`) },
      ).context;
    expect(await allCandidates(nodeReduceEmpty, at(2), [])).toEqual([]);
    expect(await allCandidates(nodeReduceEmpty, at(5), [])).toEqual([]);
  });

  it('guards a mean with what its documented field says for no items: null, or 0 (TypeScript)', async () => {
    const file = 'src/services/stats.ts';
    const stats =
      'export async function stats(rows: { score: number }[]) {\n  const scores = rows.map((r) => r.score);\n' +
      '  const averageScore = Math.round((scores.reduce((a, b) => a + b) / scores.length) * 100) / 100;\n' +
      '  return { count: rows.length, averageScore };\n}\n';
    const { context } = templateContext(
      { [file]: stats },
      { kind: 'runtime_error', endpoint: 'GET /stats', log: empty(`stats (/app/${file}:3:45)`) },
    );
    const nullable = withSchema('GET /stats', { averageScore: { type: ['number', 'null'] } });
    const found = await allCandidates(nodeReduceEmpty, { ...context, operation: nullable }, [file]);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.reduce-empty#mean']);
    expect(found[0]!.files[file]).toBe(
      stats
        .replace('= Math.round(', '= scores.length > 0 ? Math.round(')
        .replace('* 100) / 100;', '* 100) / 100 : null;'),
    );
    const number = withSchema('GET /stats', { averageScore: { type: 'number' } });
    const zero = await allCandidates(nodeReduceEmpty, { ...context, operation: number }, [file]);
    expect(zero[0]!.files[file]).toContain('= scores.length > 0 ? Math.round(');
    expect(zero[0]!.files[file]).toContain('* 100) / 100 : 0;');
    const positive = withSchema('GET /stats', { averageScore: { type: 'number', minimum: 1 } });
    expect(await allCandidates(nodeReduceEmpty, { ...context, operation: positive }, [])).toEqual([]);
    const other = stats.replace('/ scores.length)', '/ rows.length)');
    const ctx = templateContext(
      { [file]: other },
      { kind: 'runtime_error', endpoint: 'GET /stats', log: empty(`stats (/app/${file}:3:45)`) },
    ).context;
    expect(await allCandidates(nodeReduceEmpty, { ...ctx, operation: nullable }, [])).toEqual([]);
  });

  it('leaves running totals built with minus (from 0 they give the negated sum)', async () => {
    const file = 'src/services/ledger.js';
    const ledger =
      'function net(rows) {\n  return rows.reduce((acc, r) => ({ balance: acc.balance - r.amount }));\n}\n' +
      'module.exports = { net };\n';
    const { context } = templateContext(
      { [file]: ledger },
      { kind: 'runtime_error', endpoint: 'GET /ledger', log: empty(`net (/app/${file}:2:15)`) },
    );
    expect(await allCandidates(nodeReduceEmpty, { ...context, operation: null }, [])).toEqual([]);
  });

  it('starts a member sum at 0 only with evidence the member is a number', async () => {
    const file = 'src/services/names.js';
    const names =
      'function joined(xs) {\n  const all = xs.reduce((s, x) => s + x.name);\n  return { all: all.length };\n}\n' +
      'function hours(xs) {\n  const h = xs.reduce((s, x) => s + x.hours);\n  return { busy: h > 40 };\n}\n' +
      'function long(xs) {\n  return xs.filter((x) => x.hours > 8);\n}\nmodule.exports = { joined, hours, long };\n';
    const at = (line: number) =>
      templateContext(
        { [file]: names },
        { kind: 'runtime_error', endpoint: 'GET /names', log: empty(`f (/app/${file}:${line}:20)`) },
      ).context;
    expect(await allCandidates(nodeReduceEmpty, { ...at(2), operation: null }, [])).toEqual([]);
    const found = await allCandidates(nodeReduceEmpty, { ...at(6), operation: null }, [file]);
    expect(found[0]!.files[file]).toBe(names.replace('s + x.hours);', 's + x.hours, 0);'));
    // An equality with a number in another file (`err.code === 11000`) says nothing of an item's code.
    const codes =
      'function all(xs) {\n  const c = xs.reduce((s, x) => s + x.code);\n  return { c };\n}\n' +
      'module.exports = { all };\n';
    const other = 'exports.dup = (err) => err.code === 11000 || err.code > 0;\n';
    const { context } = templateContext(
      { 'src/codes.js': codes, 'src/errors.js': other },
      { kind: 'runtime_error', endpoint: 'GET /codes', log: empty('f (/app/src/codes.js:2:20)') },
    );
    expect(await allCandidates(nodeReduceEmpty, { ...context, operation: null }, [])).toEqual([]);
  });

  it('starts a logical fold at its identity: false for ||, true for &&; leaves another fold', async () => {
    const clash = (fold: string) =>
      'export function clashes(day: { start: number }[], start: number): boolean {\n' +
      `  const clash = day.map((l) => l.start === start).reduce(${fold});\n  return clash;\n}\n`;
    const fold = async (text: string) => {
      const { context } = templateContext(
        { 'src/lessons.ts': clash(text) },
        { kind: 'runtime_error', endpoint: 'POST /lessons', log: empty('clashes (/app/src/lessons.ts:2:60)') },
      );
      return (await allCandidates(nodeReduceEmpty, context, ['src/lessons.ts'])).map((f) => f.files['src/lessons.ts']);
    };
    expect(await fold('(a, b) => a || b')).toEqual([clash('(a, b) => a || b, false')]);
    expect(await fold('(all, ok) => ok && all')).toEqual([clash('(all, ok) => ok && all, true')]);
    expect(await fold('(a, b) => a || b.ready')).toEqual([]);
    // A first-truthy pick over values is no fold of booleans.
    const pick =
      'export function email(contacts: { email: string }[]): string {\n' +
      '  const first = contacts.map((c) => c.email).reduce((a, b) => a || b);\n  return first;\n}\n';
    const { context } = templateContext(
      { 'src/contacts.ts': pick },
      { kind: 'runtime_error', endpoint: 'GET /contacts', log: empty('email (/app/src/contacts.ts:2:50)') },
    );
    expect(await allCandidates(nodeReduceEmpty, context, ['src/contacts.ts'])).toEqual([]);
  });
});

describe('node.reduce-empty: picks and sums over the same list', () => {
  const file = 'src/services/shelf.service.ts';
  const shelf =
    'export class ShelfService {\n  async summary(id: number): Promise<ShelfSummary> {\n' +
    '    const books = await this.books.byShelf(id);\n' +
    '    const firstPrintedOn = books.map((b) => b.printedOn).reduce((min, d) => (d < min ? d : min));\n' +
    '    return { shelfId: id, bookCount: books.length, firstPrintedOn };\n  }\n}\n';
  const at = (source: string, line: number, properties: Record<string, unknown>) => {
    const { context } = templateContext(
      { [file]: source },
      {
        kind: 'runtime_error',
        endpoint: 'GET /shelves/{id}/summary',
        log: empty(`ShelfService.summary (/app/${file}:${line}:60)`),
      },
    );
    return { ...context, operation: withSchema('GET /shelves/{id}/summary', properties) };
  };

  it('guards the earliest of a list with null where its documented field is nullable (TypeScript)', async () => {
    const nullable = { firstPrintedOn: { type: 'string', format: 'date', nullable: true } };
    const found = await allCandidates(nodeReduceEmpty, at(shelf, 4, nullable), [file]);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.reduce-empty#pick']);
    expect(found[0]!.files[file]).toBe(
      shelf.replace('= books.map(', '= books.length > 0 ? books.map(').replace('? d : min));', '? d : min)) : null;'),
    );
  });

  it('guards a max by Math.max written into a response literal (JavaScript, OpenAPI 3.1 null type)', async () => {
    const js =
      'function widest(rows) {\n  return {\n    count: rows.length,\n' +
      '    widest: rows.map((r) => r.width).reduce((a, b) => Math.max(a, b)),\n  };\n}\nmodule.exports = { widest };\n';
    const found = await allCandidates(nodeReduceEmpty, at(js, 4, { widest: { type: ['number', 'null'] } }), [file]);
    expect(found[0]!.files[file]).toBe(
      js.replace('widest: rows.map(', 'widest: rows.length > 0 ? rows.map(').replace('(a, b)),\n', '(a, b)) : null,\n'),
    );
  });

  it('leaves a pick whose field is not nullable, is undocumented, or reduces a filtered list', async () => {
    expect(await allCandidates(nodeReduceEmpty, at(shelf, 4, { firstPrintedOn: { type: 'string' } }), [])).toEqual([]);
    expect(await allCandidates(nodeReduceEmpty, at(shelf, 4, { bookCount: { type: 'integer' } }), [])).toEqual([]);
    const filtered = shelf.replace('books.map((b) => b.printedOn)', 'books.filter((b) => b.printedOn)');
    const nullable = { firstPrintedOn: { type: 'string', nullable: true } };
    expect(await allCandidates(nodeReduceEmpty, at(filtered, 4, nullable), [])).toEqual([]);
    // The pick read beyond the answer's field (an age computed from it) would take the null too.
    const reused = shelf.replace('firstPrintedOn }', 'firstPrintedOn, age: ageOf(firstPrintedOn) }');
    expect(reused).not.toBe(shelf);
    expect(await allCandidates(nodeReduceEmpty, at(reused, 4, nullable), [])).toEqual([]);
  });

  it('starts every documented sum over the same list at 0 in one candidate, not a sum over another list', async () => {
    const js =
      "'use strict';\nfunction usage(kilns, firings) {\n  return kilns.map((kiln) => {\n" +
      '    const mine = firings.filter((f) => f.kilnId === kiln.id);\n    return {\n' +
      '      minutes: mine.map((f) => f.minutes).reduce((a, b) => a + b),\n' +
      '      cost_cents: mine.map((f) => f.cost_cents).reduce((a, b) => a + b),\n' +
      '      all_minutes: firings.map((f) => f.minutes).reduce((a, b) => a + b),\n' +
      '    };\n  });\n}\nmodule.exports = { usage };\n';
    const properties = {
      minutes: { type: 'integer' },
      cost_cents: { type: 'integer' },
      all_minutes: { type: 'integer' },
    };
    const found = await allCandidates(nodeReduceEmpty, at(js, 6, properties), [file]);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.reduce-empty']);
    expect(found[0]!.files[file]).toBe(
      js
        .replace(
          'f.minutes).reduce((a, b) => a + b),\n      cost',
          'f.minutes).reduce((a, b) => a + b, 0),\n      cost',
        )
        .replace('f.cost_cents).reduce((a, b) => a + b)', 'f.cost_cents).reduce((a, b) => a + b, 0)'),
    );
    // A sibling whose documented field is no number is left as it is.
    const text = { ...properties, cost_cents: { type: 'string' } };
    const one = await allCandidates(nodeReduceEmpty, at(js, 6, text), [file]);
    expect(one[0]!.files[file]).toContain('f.cost_cents).reduce((a, b) => a + b),');
  });
});

describe('node.reduce-empty: a picked item read for one member', () => {
  const file = 'src/services/dock.ts';
  const dock =
    'export async function dockStats(id: number) {\n  const crates = await cratesAt(id);\n' +
    '  const heaviest = crates.reduce((best, c) => (c.kg > best.kg ? c : best));\n' +
    '  return { dockId: id, crateCount: crates.length, heaviestCrateId: heaviest.id };\n}\n';
  const at = (source: string, properties: Record<string, unknown>, line = 3) => {
    const { context } = templateContext(
      { [file]: source },
      { kind: 'runtime_error', endpoint: 'GET /docks/{id}/stats', log: empty(`dockStats (/app/${file}:${line}:27)`) },
    );
    return { ...context, operation: withSchema('GET /docks/{id}/stats', properties) };
  };

  it('guards the pick and its member read with null where the field is nullable (TypeScript)', async () => {
    const found = await allCandidates(nodeReduceEmpty, at(dock, { heaviestCrateId: { type: ['integer', 'null'] } }), [
      file,
    ]);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.reduce-empty#pick']);
    expect(found[0]!.files[file]).toBe(
      dock
        .replace('= crates.reduce(', '= crates.length > 0 ? crates.reduce(')
        .replace(': best));', ': best)) : null;')
        .replace('heaviestCrateId: heaviest.id', 'heaviestCrateId: heaviest ? heaviest.id : null'),
    );
  });

  it('does so for an earliest item read for its code (JavaScript, nullable: true)', async () => {
    const js =
      'function firstArrival(trucks) {\n  const first = trucks.reduce((a, b) => (a.at < b.at ? a : b));\n' +
      '  return { count: trucks.length, firstPlate: first.plate };\n}\nmodule.exports = { firstArrival };\n';
    const found = await allCandidates(nodeReduceEmpty, at(js, { firstPlate: { type: 'string', nullable: true } }, 2), [
      file,
    ]);
    expect(found[0]!.files[file]).toBe(
      js
        .replace('= trucks.reduce(', '= trucks.length > 0 ? trucks.reduce(')
        .replace('? a : b));', '? a : b)) : null;')
        .replace('firstPlate: first.plate', 'firstPlate: first ? first.plate : null'),
    );
  });

  it('leaves such a pick where the field is not nullable, or the item is read again', async () => {
    expect(await allCandidates(nodeReduceEmpty, at(dock, { heaviestCrateId: { type: 'integer' } }), [])).toEqual([]);
    const twice = dock.replace('heaviest.id };', 'heaviest.id, heaviestKg: heaviest.kg };');
    expect(twice).not.toBe(dock);
    const nullable = { heaviestCrateId: { type: ['integer', 'null'] }, heaviestKg: { type: ['number', 'null'] } };
    expect(await allCandidates(nodeReduceEmpty, at(twice, nullable), [])).toEqual([]);
  });
});

describe('node.reduce-empty: a sum written into an entry of a documented map', () => {
  const file = 'src/services/roster.js';
  const roster =
    "'use strict';\nconst { CREWS } = require('../constants');\n\nasync function totals(shifts) {\n" +
    '  const hoursByCrew = {};\n  for (const crew of CREWS) {\n    hoursByCrew[crew] = shifts\n' +
    '      .filter((s) => s.crew === crew)\n      .map((s) => s.hours)\n      .reduce((sum, h) => sum + h);\n  }\n' +
    '  return { shiftCount: shifts.length, hoursByCrew };\n}\n\nmodule.exports = { totals };\n';
  const at = (source: string, name: string, properties: Record<string, unknown>, line = 10) => {
    const { context } = templateContext(
      { [name]: source },
      { kind: 'runtime_error', endpoint: 'GET /roster/totals', log: empty(`totals (/app/${name}:${line}:8)`) },
    );
    return { ...context, operation: withSchema('GET /roster/totals', properties) };
  };
  const crews = (type: string) => ({
    type: 'object',
    properties: { red: { type }, blue: { type } },
    required: ['red', 'blue'],
  });

  it('starts the sum at 0 where the map is documented with integer entries (CommonJS)', async () => {
    const found = await allCandidates(nodeReduceEmpty, at(roster, file, { hoursByCrew: crews('integer') }), [file]);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.reduce-empty']);
    expect(found[0]!.files[file]).toBe(roster.replace('(sum, h) => sum + h)', '(sum, h) => sum + h, 0)'));
  });

  it('does so for a map documented by additionalProperties, under another field name (TypeScript)', async () => {
    const ts =
      'export function perKind(items: { kind: string; qty: number }[], kinds: string[]) {\n' +
      '  const totals: Record<string, number> = {};\n' +
      '  for (const k of kinds)\n' +
      '    totals[k] = items.filter((i) => i.kind === k).map((i) => i.qty).reduce((a, b) => a + b);\n' +
      '  return { kinds: kinds.length, qtyByKind: totals };\n}\n';
    const name = 'src/stock.ts';
    const schema = { qtyByKind: { type: 'object', additionalProperties: { type: 'number', minimum: 0 } } };
    const found = await allCandidates(nodeReduceEmpty, at(ts, name, schema, 4), [name]);
    expect(found[0]!.files[name]).toBe(ts.replace('(a, b) => a + b)', '(a, b) => a + b, 0)'));
  });

  it('leaves a map whose documented entries are no numbers, or one no field documents', async () => {
    expect(await allCandidates(nodeReduceEmpty, at(roster, file, { hoursByCrew: crews('string') }), [])).toEqual([]);
    expect(await allCandidates(nodeReduceEmpty, at(roster, file, { shiftCount: { type: 'integer' } }), [])).toEqual([]);
  });
});
