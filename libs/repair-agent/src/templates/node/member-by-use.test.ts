import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeMemberByUse } from './member-by-use.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const reading = (prop: string, frame: string) =>
  nodeLog(`TypeError: Cannot read properties of undefined (reading '${prop}')`, [frame]);
const object = (props: string[]) => ({
  type: 'object',
  properties: Object.fromEntries(props.map((p) => [p, { type: 'string' }])),
});

const MODEL =
  'class Booking {\n  constructor({ id, seats }) {\n    this.id = id;\n    this.seats = seats;\n' +
  '    this.taken = 0;\n    this.guestIds = [];\n  }\n\n  get free() {\n' +
  '    return this.seats - this.taken;\n  }\n}\nmodule.exports = { Booking };\n';
const SERVICE =
  "const repo = require('./repo');\n\nasync function reserve(id, guest) {\n" +
  "  const booking = await repo.find(id);\n  if (guest.count > booking.free) throw new Error('full');\n" +
  '  booking.taken += guest.count;\n  booking.guests.push(guest.id);\n  return booking;\n}\n' +
  'module.exports = { reserve };\n';

describe('node.member-by-use', () => {
  it("renames a member to the one the class the object's other members belong to has (JS)", async () => {
    const files = {
      'src/booking.js': MODEL,
      'src/service.js': SERVICE,
      'src/repo.js': 'exports.find = async (id) => null;\n',
    };
    const { context } = templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'POST /bookings/{id}/guests',
      log: reading('push', 'Object.reserve (/app/src/service.js:7:18)'),
    });
    const found = await allCandidates(nodeMemberByUse, context, ['src/service.js']);
    expect(found.map((f) => f.files['src/service.js'])).toEqual([
      SERVICE.replace('booking.guests.push', 'booking.guestIds.push'),
    ]);
  });

  it('renames both sides of a comparator to the response field of the same meaning (TS)', async () => {
    const source =
      'export class Catalog {\n  constructor(private readonly rows: any[] = []) {}\n\n  async list() {\n' +
      '    const rows = this.rows;\n    return rows.sort((a, b) => a.title.localeCompare(b.title));\n  }\n' +
      '}\n';
    const { context } = templateContext(
      { 'src/catalog.ts': source },
      {
        kind: 'runtime_error',
        endpoint: 'GET /items',
        log: reading('localeCompare', 'Catalog.list (/app/src/catalog.ts:6:41)'),
      },
    );
    const operation = {
      ...context.operation!,
      responses: [
        {
          status: '200',
          mediaTypes: ['application/json'],
          schema: { type: 'array', items: object(['code', 'name', 'price']) },
        },
      ],
    } as ApiOperation;
    const found = await allCandidates(nodeMemberByUse, { ...context, operation }, ['src/catalog.ts']);
    expect(found.map((f) => f.files['src/catalog.ts'])).toEqual([
      source.replace('a.title.localeCompare(b.title)', 'a.name.localeCompare(b.name)'),
    ]);
  });

  it('renames a request field read with the wrong case to the documented one (TS)', async () => {
    const source =
      'export class Items {\n  async create(input: any) {\n    const code = input.CODE.trim();\n' +
      '    return { code, name: input.name, price: input.price };\n  }\n}\n';
    const { context } = templateContext(
      { 'src/items.ts': source },
      { kind: 'runtime_error', endpoint: 'POST /items', log: reading('trim', 'Items.create (/app/src/items.ts:3:29)') },
    );
    const operation = {
      ...context.operation!,
      requestBody: { required: true, mediaType: 'application/json', schema: object(['code', 'name', 'price']) },
    } as ApiOperation;
    const found = await allCandidates(nodeMemberByUse, { ...context, operation }, ['src/items.ts']);
    expect(found.map((f) => f.files['src/items.ts'])).toEqual([source.replace('input.CODE', 'input.code')]);
  });

  it('leaves a member the fitting shape has (the value is missing, not misnamed)', async () => {
    const service = SERVICE.replace('booking.guests.push', 'booking.guestIds.push');
    const files = {
      'src/booking.js': MODEL,
      'src/service.js': service,
      'src/repo.js': 'exports.find = async (id) => null;\n',
    };
    const { context } = templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'POST /bookings/{id}/guests',
      log: reading('push', 'Object.reserve (/app/src/service.js:7:20)'),
    });
    expect(await allCandidates(nodeMemberByUse, context, [])).toEqual([]);
  });

  it('leaves an object whose other members no declared shape has together', async () => {
    const service = SERVICE.replace('booking.taken += guest.count;', 'booking.owner.notify(guest);');
    const files = {
      'src/booking.js': MODEL,
      'src/service.js': service,
      'src/repo.js': 'exports.find = async (id) => null;\n',
    };
    const { context } = templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'POST /bookings/{id}/guests',
      log: reading('push', 'Object.reserve (/app/src/service.js:7:18)'),
    });
    expect(await allCandidates(nodeMemberByUse, context, [])).toEqual([]);
  });

  it('renames a member to the one other code reads on values of the same call (a repository lookup)', async () => {
    const drivers =
      "const repo = require('./repo');\n\nasync function getDriver(id) {\n" +
      "  const driver = await repo.findById(id);\n  if (!driver) throw new Error('missing');\n" +
      '  const valid = new Date(driver.licence.expiresOn) >= new Date();\n  return { ...driver, valid };\n' +
      '}\nmodule.exports = { getDriver };\n';
    const trips =
      "const repo = require('./repo');\n\nasync function start(dto) {\n" +
      '  const driver = await repo.findById(dto.driverId);\n' +
      "  if (!driver.license.classes.includes(dto.cls)) throw new Error('class');\n" +
      '  return { driver: driver.id };\n}\nmodule.exports = { start };\n';
    const files = {
      'src/drivers.js': drivers,
      'src/trips.js': trips,
      'src/repo.js': 'exports.findById = async (id) => null;\n',
    };
    const { context } = templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'GET /drivers/{id}',
      log: reading('expiresOn', 'Object.getDriver (/app/src/drivers.js:6:37)'),
    });
    const found = await allCandidates(nodeMemberByUse, context, ['src/drivers.js']);
    expect(found.map((f) => f.files['src/drivers.js'])).toEqual([
      drivers.replace('driver.licence.expiresOn', 'driver.license.expiresOn'),
    ]);
  });

  it('leaves a member when values of the same call are read with no member like it elsewhere', async () => {
    const drivers =
      "const repo = require('./repo');\n\nasync function getDriver(id) {\n" +
      '  const driver = await repo.findById(id);\n  return driver.profile.name;\n}\n' +
      'module.exports = { getDriver };\n';
    const trips =
      "const repo = require('./repo');\n\nasync function start(dto) {\n" +
      '  const driver = await repo.findById(dto.driverId);\n  return driver.license.classes;\n}\n' +
      'module.exports = { start };\n';
    const files = {
      'src/drivers.js': drivers,
      'src/trips.js': trips,
      'src/repo.js': 'exports.findById = async (id) => null;\n',
    };
    const { context } = templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'GET /drivers/{id}',
      log: reading('name', 'Object.getDriver (/app/src/drivers.js:5:25)'),
    });
    expect(await allCandidates(nodeMemberByUse, context, [])).toEqual([]);
  });

  describe('on a value parsed from stored JSON', () => {
    const TRIPS =
      'const EMPTY = JSON.stringify({ speed: { maxKmh: 0, avgKmh: 0 } });\n\nexport class Trips {\n' +
      '  constructor(private readonly rows: { telemetryJson: string }[] = []) {}\n\n  add() {\n' +
      '    this.rows.push({ telemetryJson: EMPTY });\n  }\n\n' +
      '  end(row: { telemetryJson: string }, max: number) {\n' +
      '    row.telemetryJson = JSON.stringify({ speed: { maxKmh: max, avgKmh: 0 } });\n  }\n\n' +
      '  get(row: { telemetryJson: string }) {\n    const telemetry = JSON.parse(row.telemetryJson);\n' +
      '    return { max: telemetry.velocity.maxKmh, avg: telemetry.speed.avgKmh };\n  }\n}\n';
    const SEED = 'export const seed = [{ telemetryJson: \'{"speed":{"maxKmh":90,"avgKmh":50}}\' }];\n';
    const log = reading('maxKmh', 'Trips.get (/app/src/trips.ts:16:41)');

    it(`renames the key to the one whose stored object has the member read next (TS, a constant, an assignment and a \
seed text)`, async () => {
      const { context } = templateContext(
        { 'src/trips.ts': TRIPS, 'src/seed.ts': SEED },
        { kind: 'runtime_error', endpoint: 'GET /trips/{id}', log },
      );
      const found = await allCandidates(nodeMemberByUse, context, ['src/trips.ts']);
      expect(found.map((f) => f.files['src/trips.ts'])).toEqual([
        TRIPS.replace('telemetry.velocity.maxKmh', 'telemetry.speed.maxKmh'),
      ]);
    });

    it('renames by spelling in a CommonJS module storing the JSON in an object literal', async () => {
      const js =
        'function save(db, s) {\n  db.insert({ statsJson: JSON.stringify({ totals: { count: s.n }' +
        ', window: { days: 7 } }) });\n}\n\nfunction read(row) {\n' +
        '  const stats = JSON.parse(row.statsJson);\n  return stats.total.count;\n}\n' +
        'module.exports = { save, read };\n';
      const { context } = templateContext(
        { 'src/stats.js': js },
        { kind: 'runtime_error', endpoint: 'GET /stats', log: reading('count', 'read (/app/src/stats.js:7:22)') },
      );
      const found = await allCandidates(nodeMemberByUse, context, ['src/stats.js']);
      expect(found.map((f) => f.files['src/stats.js'])).toEqual([
        js.replace('stats.total.count', 'stats.totals.count'),
      ]);
    });

    it(`leaves the key alone when the property is also written from something it cannot read (a request \
body)`, async () => {
      const trips = TRIPS.replace(
        'row.telemetryJson = JSON.stringify({ speed: { maxKmh: max, avgKmh: 0 } });',
        'row.telemetryJson = JSON.stringify(max);',
      );
      const { context } = templateContext(
        { 'src/trips.ts': trips, 'src/seed.ts': SEED },
        { kind: 'runtime_error', endpoint: 'GET /trips/{id}', log },
      );
      expect(await allCandidates(nodeMemberByUse, context, [])).toEqual([]);
    });
  });
  describe('an array method on a member the records of its kind keep under a longer name', () => {
    const seed =
      'module.exports = () => ({\n  items: [{ id: 1, sku: "A-1" }],\n  orders: [\n' +
      "    { id: 1, status: 'open', itemsOrdered: [{ itemId: 1, qty: 2 }], updatedAt: '2026-01-01' },\n" +
      "    { id: 2, status: 'sent', itemsOrdered: [], updatedAt: '2026-01-02' },\n  ],\n});\n";
    const service = (method: string) =>
      "const { orderRepo } = require('./repos');\n\nfunction toDetail(order, itemsOrdered) {\n" +
      '  return { id: order.id, status: order.status, itemsOrdered, itemsTotal: count(order), updatedAt: 1 };\n}\n\n' +
      'async function addItem(id, line) {\n  const order = await orderRepo.findById(id);\n' +
      "  if (order.status === 'sent') throw new Error('sent');\n" +
      `  order.items.${method};\n  order.updatedAt = new Date().toISOString();\n  return order;\n}\n` +
      'module.exports = { addItem, toDetail };\n';
    const run = (files: Record<string, string>, method: string) =>
      allCandidates(
        nodeMemberByUse,
        templateContext(files, {
          kind: 'runtime_error',
          endpoint: 'POST /orders/{id}/items',
          log: reading(method, 'Object.addItem (/app/src/orderService.js:10:15)'),
        }).context,
        ['src/orderService.js'],
      );

    it('renames it to the one array the seeded records hold that the name stands for', async () => {
      // An OpenAPI dump describes the record too: its schema object is no contrary value.
      const dump =
        "exports.schema = { status: { type: 'string' }, updatedAt: { type: 'string' },\n" +
        "  itemsOrdered: { type: 'array' } };\n";
      const files = { 'src/seed.js': seed, 'src/orderService.js': service('push(line)'), 'scripts/dump.js': dump };
      const found = await run(files, 'push');
      expect(found.map((f) => f.files['src/orderService.js'])).toEqual([
        service('push(line)').replace('order.items.push', 'order.itemsOrdered.push'),
      ]);
    });

    it('reads the array from the literal the code creates the records with (no seed)', async () => {
      const create =
        "exports.create = (repo) => repo.insert({ status: 'open', itemsOrdered: [], updatedAt: 'now' });\n";
      const files = { 'src/create.js': create, 'src/orderService.js': service('filter((l) => l.qty)') };
      const found = await run(files, 'filter');
      expect(found[0]!.files['src/orderService.js']).toContain('order.itemsOrdered.filter((l) => l.qty)');
    });

    it('leaves a record with two arrays the name may stand for, and a read that is no array method', async () => {
      const two = seed.replace(/itemsOrdered: (\[[^\]]*\]|\[\])/g, '$&, itemsReturned: []');
      expect(await run({ 'src/seed.js': two, 'src/orderService.js': service('push(line)') }, 'push')).toEqual([]);
      expect(await run({ 'src/seed.js': seed, 'src/orderService.js': service('trim()') }, 'trim')).toEqual([]);
      const text = seed.replace('itemsOrdered: [],', "itemsOrdered: 'none',");
      expect(await run({ 'src/seed.js': text, 'src/orderService.js': service('push(line)') }, 'push')).toEqual([]);
    });
  });

  it('renames a member iterated on a value a repository returned to the array its literals hold', async () => {
    const service = (lines: string) =>
      "const repo = require('./repo');\n\nasync function ship(id) {\n  const parcel = await repo.find(id);\n" +
      "  if (parcel.status !== 'open') throw new Error('shipped');\n" +
      `  for (const line of parcel.${lines}) line.left -= 1;\n  parcel.status = 'shipped';\n` +
      '  parcel.shippedAt = new Date();\n  return parcel;\n}\n' +
      'module.exports = { ship };\n';
    const files = {
      'src/service.js': service('parcelLines'),
      'src/repo.js':
        'const parcels = [];\nexports.find = async (id) => parcels.find((p) => p.id === id);\n' +
        "exports.add = async (lines) => {\n  const parcel = { id: parcels.length + 1, status: 'open', lines, " +
        'shippedAt: null, labelCount: 0 };\n  parcels.push(parcel);\n  return parcel;\n};\n',
      'src/seed.js':
        "module.exports = [{ id: 1, status: 'open', lines: [{ left: 2 }], shippedAt: null, labelCount: 1 }];\n",
    };
    const { context } = templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'POST /parcels/{id}/ship',
      log: nodeLog('TypeError: parcel.parcelLines is not iterable', ['Object.ship (/app/src/service.js:6:28)']),
    });
    const found = await allCandidates(nodeMemberByUse, context, ['src/service.js']);
    expect(found.map((f) => f.files['src/service.js'])).toEqual([service('lines')]);
  });
});
