import { describe, expect, it } from 'vitest';
import type { Violation } from '@smoke-repair/smoke-validator';
import type { RootCause } from '../../types.js';
import type { TemplateContext } from '../template.js';
import { nodePendingField } from './pending-field.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

function context(files: Record<string, string>, body: string, message: string): TemplateContext {
  const { context: base } = templateContext(files, {
    kind: 'schema_mismatch',
    endpoint: 'GET /slots/{id}',
    actual: 200,
    message,
  });
  const violation = { ...base.cause.violations[0]!, responseExcerpt: body } as Violation;
  return { ...base, cause: { ...base.cause, violations: [violation] } as RootCause };
}

// TypeScript class controller: a spread DTO plus a field from an async service method.
const controller =
  "import { SeatService } from '../services/seats';\n\nexport class SlotController {\n" +
  '  constructor(private seats: SeatService) {}\n  getById = async (req: any, res: any): Promise<void> => {\n' +
  '    const slot = await load(req.params.id);\n    res.json({ ...slot, free: this.seats.freeSeats(slot) });\n' +
  '  };\n}\n';
const service =
  'export class SeatService {\n  async freeSeats(slot: { id: number }): Promise<number> {\n    return 3;\n  }\n}\n';
const message = 'body does not match the HTTP 200 schema: /free must be integer';

describe('node.pending-field', () => {
  it('awaits the async method call a response field holds (TypeScript class)', async () => {
    const files = { 'src/controllers/slots.ts': controller, 'src/services/seats.ts': service };
    const found = await allCandidates(nodePendingField, context(files, '{"id":1,"free":{}}', message), [
      'src/controllers/slots.ts',
    ]);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.pending-field']);
    expect(found[0]!.files['src/controllers/slots.ts']).toBe(
      controller.replace('free: this.seats.freeSeats', 'free: await this.seats.freeSeats'),
    );
  });

  it('awaits an async function of a list item (CommonJS map callback)', async () => {
    const handler =
      "const { countOf } = require('./counts');\n\nexports.list = async (req, res) => {\n" +
      '  const rows = await db.all();\n' +
      '  res.json(await Promise.all(rows.map(async (r) => ({ id: r.id, total: countOf(r.id) }))));\n};\n';
    const counts = 'exports.countOf = async (id) => 2;\n';
    const found = await allCandidates(
      nodePendingField,
      context(
        { 'src/list.js': handler, 'src/counts.js': counts },
        '[{"id":1,"total":{}}]',
        'body does not match the HTTP 200 schema: /0/total must be integer',
      ),
      ['src/list.js'],
    );
    expect(found[0]!.files['src/list.js']).toBe(handler.replace('total: countOf', 'total: await countOf'));
  });

  it('leaves a field with data, an awaited call, and a synchronous enclosing function', async () => {
    const files = { 'src/controllers/slots.ts': controller, 'src/services/seats.ts': service };
    expect(await allCandidates(nodePendingField, context(files, '{"id":1,"free":"3"}', message), [])).toEqual([]);
    const awaited = controller.replace('free: this', 'free: await this');
    const done = { ...files, 'src/controllers/slots.ts': awaited };
    expect(await allCandidates(nodePendingField, context(done, '{"id":1,"free":{}}', message), [])).toEqual([]);
    const sync = controller.replace('getById = async (req', 'getById = (req');
    const plain = { ...files, 'src/controllers/slots.ts': sync };
    expect(await allCandidates(nodePendingField, context(plain, '{"id":1,"free":{}}', message), [])).toEqual([]);
  });
});

// A field that names a const set to the unawaited call: the const's initialiser gets the await.
const orders =
  "import * as orderService from '../services/orders.js';\n\nexport async function getOne(req: any, res: any) {\n" +
  '  const order = await orderService.getOrder(Number(req.params.id));\n' +
  '  const lines = orderService.getOrderLines(order.id);\n  res.json({ ...order, lines });\n}\n';
const orderService =
  'export async function getOrder(id: number) {\n  return { id };\n}\n' +
  'export async function getOrderLines(id: number): Promise<string[]> {\n  return [];\n}\n';
const linesMessage = 'body does not match the HTTP 200 schema: /lines must be array';

describe('node.pending-field through a const', () => {
  it('awaits the call a shorthand field names (TypeScript ESM, spread record)', async () => {
    const files = { 'src/controllers/orders.ts': orders, 'src/services/orders.ts': orderService };
    const found = await allCandidates(nodePendingField, context(files, '{"id":1,"lines":{}}', linesMessage), [
      'src/controllers/orders.ts',
    ]);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.pending-field']);
    expect(found[0]!.files['src/controllers/orders.ts']).toBe(
      orders.replace('= orderService.getOrderLines', '= await orderService.getOrderLines'),
    );
  });

  it('awaits the call a keyed field names (CommonJS handler)', async () => {
    const handler =
      "const { countOf } = require('./counts');\n\nexports.show = async (req, res) => {\n" +
      '  const count = countOf(req.params.id);\n  res.json({ id: req.params.id, total: count });\n};\n';
    const counts = 'exports.countOf = async (id) => 2;\n';
    const found = await allCandidates(
      nodePendingField,
      context(
        { 'src/show.js': handler, 'src/counts.js': counts },
        '{"id":"1","total":{}}',
        'body does not match the HTTP 200 schema: /total must be integer',
      ),
      ['src/show.js'],
    );
    expect(found[0]!.files['src/show.js']).toBe(handler.replace('= countOf(', '= await countOf('));
  });

  it('leaves a const set by an await, a let, and a const of an outer function', async () => {
    const body = '{"id":1,"lines":{}}';
    const variants = [
      orders.replace('= orderService.getOrderLines', '= await orderService.getOrderLines'),
      orders.replace('const lines', 'let lines'),
      orders
        .replace(
          'export async function getOne(req: any, res: any) {\n',
          'const lines = orderService.getOrderLines(1);\n$&',
        )
        .replace('  const lines = orderService.getOrderLines(order.id);\n', ''),
    ];
    for (const variant of variants) {
      const files = { 'src/controllers/orders.ts': variant, 'src/services/orders.ts': orderService };
      expect(await allCandidates(nodePendingField, context(files, body, linesMessage), [])).toEqual([]);
    }
  });
});

// A documented object field that arrives as `{}`: the validator reports its required properties missing.
const petService =
  "import { findOwner } from './owners.js';\nimport { pets } from '../store.js';\n\n" +
  'export async function getPetDetail(id: number) {\n  const pet = pets.find((p) => p.id === id)!;\n' +
  '  const owner = findOwner(pet.ownerId);\n  return { ...pet, owner };\n}\n';
const owners = (modifier: string) =>
  `export ${modifier}function findOwner(id: number) {\n  return { id, name: 'Ana' };\n}\n`;
const ownerMessage = (at: string) =>
  `body does not match the HTTP 200 schema: ${at} must have required property 'id'; ` +
  `${at} must have required property 'name'`;

describe('node.pending-field for an object field', () => {
  it('awaits the call behind an object field sent as {} (TypeScript ESM service, shorthand const)', async () => {
    const files = { 'src/services/pets.ts': petService, 'src/services/owners.ts': owners('async ') };
    const found = await allCandidates(
      nodePendingField,
      context(files, '{"id":1,"ownerId":2,"owner":{}}', ownerMessage('/owner')),
      ['src/services/pets.ts'],
    );
    expect(found[0]!.files['src/services/pets.ts']).toBe(petService.replace('= findOwner', '= await findOwner'));
  });

  it('awaits one in each item of a list (CommonJS, inline property)', async () => {
    const handler =
      "const owners = require('./owners');\n\nexports.list = async (req, res) => {\n" +
      '  const pets = await db.all();\n' +
      '  res.json(await Promise.all(pets.map(async (p) => ({ id: p.id, owner: owners.byId(p.ownerId) }))));\n};\n';
    const found = await allCandidates(
      nodePendingField,
      context(
        { 'src/pets.js': handler, 'src/owners.js': 'exports.byId = async (id) => ({ id, name: "Ana" });\n' },
        '[{"id":1,"owner":{}}]',
        ownerMessage('/0/owner'),
      ),
      ['src/pets.js'],
    );
    expect(found[0]!.files['src/pets.js']).toBe(handler.replace('owner: owners.byId', 'owner: await owners.byId'));
  });

  it('leaves an object field filled by a synchronous function, and one that has data', async () => {
    const sync = { 'src/services/pets.ts': petService, 'src/services/owners.ts': owners('') };
    const body = '{"id":1,"ownerId":2,"owner":{}}';
    expect(await allCandidates(nodePendingField, context(sync, body, ownerMessage('/owner')), [])).toEqual([]);
    const filled = { 'src/services/pets.ts': petService, 'src/services/owners.ts': owners('async ') };
    const partial = '{"id":1,"ownerId":2,"owner":{"name":"Ana"}}';
    expect(await allCandidates(nodePendingField, context(filled, partial, ownerMessage('/owner')), [])).toEqual([]);
  });
});
