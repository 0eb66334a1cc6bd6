import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeDtoMapper } from './dto-mapper.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const circular = (frame: string) =>
  nodeLog('TypeError: Converting circular structure to JSON', [
    'JSON.stringify (<anonymous>)',
    'stringify (/app/node_modules/express/lib/response.js:1160:12)',
    frame,
  ]);
const object = (props: string[]) => ({
  type: 'object',
  required: props,
  properties: Object.fromEntries(props.map((p) => [p, { type: 'string' }])),
});
const withSchema = (context: ReturnType<typeof templateContext>['context'], schema: unknown) => ({
  ...context,
  operation: {
    ...context.operation!,
    responses: [{ status: '200', mediaTypes: ['application/json'], schema }],
  } as ApiOperation,
});

const CONTROLLER =
  "import type { Request, Response } from 'express';\n" +
  "import { VehicleService } from '../services/vehicles.js';\n\nconst service = new VehicleService();\n\n" +
  'export async function list(_req: Request, res: Response) {\n  res.json(await service.list());\n}\n';
const SERVICE =
  "import { Repo } from './repo.js';\n\n" +
  'function toSummary(v: { id: number; plate: string; trip?: unknown }) {\n' +
  '  return { id: v.id, plate: v.plate };\n}\n\n' +
  'function toDetail(v: { id: number; plate: string; year: number }) {\n' +
  '  return { id: v.id, plate: v.plate, year: v.year };\n}\n\nexport class VehicleService {\n' +
  '  constructor(private readonly repo = new Repo()) {}\n\n  async list() {\n' +
  '    const vehicles = await this.repo.all();\n    return vehicles;\n  }\n\n  async get(id: number) {\n' +
  '    return toDetail((await this.repo.one(id))!);\n  }\n}\n';
const files = {
  'src/controllers/vehicles.ts': CONTROLLER,
  'src/services/vehicles.ts': SERVICE,
  'src/services/repo.ts': 'export class Repo {\n  async all() {\n    return [];\n  }\n}\n',
};
const log = circular('list (/app/src/controllers/vehicles.ts:7:7)');

describe('node.dto-mapper', () => {
  it(`maps the entities a service method returns through the module's mapper whose keys the documented items have (TS, \
array)`, async () => {
    const { context } = templateContext(files, { kind: 'runtime_error', endpoint: 'GET /vehicles', log });
    const found = await allCandidates(
      nodeDtoMapper,
      withSchema(context, { type: 'array', items: object(['id', 'plate']) }),
      ['src/services/vehicles.ts'],
    );
    expect(found.map((f) => f.files['src/services/vehicles.ts'])).toEqual([
      SERVICE.replace('return vehicles;', 'return vehicles.map(toSummary);'),
    ]);
  });

  it('maps one entity through a mapper method of the same class (JS, object)', async () => {
    const service =
      'class Orders {\n  toDto(order) {\n    return { id: order.id, total: order.total };\n  }\n\n' +
      '  find(id) {\n    const order = this.rows.get(id);\n    return order;\n  }\n}\n' +
      'module.exports = new Orders();\n';
    const routes =
      "const orders = require('./orders');\n\nexports.one = (req, res) => {\n" +
      '  res.json(orders.find(req.params.id));\n};\n';
    const { context } = templateContext(
      { 'src/orders.js': service, 'src/routes.js': routes },
      { kind: 'runtime_error', endpoint: 'GET /orders/{id}', log: circular('exports.one (/app/src/routes.js:4:7)') },
    );
    const found = await allCandidates(nodeDtoMapper, withSchema(context, object(['id', 'total'])), ['src/orders.js']);
    expect(found.map((f) => f.files['src/orders.js'])).toEqual([
      service.replace('return order;', 'return this.toDto(order);'),
    ]);
  });

  it('turns a callback that spreads each entity whole into the mapper the module imports (TS, array)', async () => {
    const controller =
      "import type { Request, Response } from 'express';\nimport * as customers from '../services/customers.js';\n\n" +
      'export async function list(_req: Request, res: Response) {\n  res.json(customers.listCustomers());\n}\n';
    const service =
      "import { store } from '../db/store.js';\nimport { toCustomerDto } from './dto.js';\n\n" +
      'export function listCustomers() {\n' +
      '  return store.customers.map((c) => ({ ...c, createdAt: c.createdAt.toISOString(), ' +
      'jobCount: c.jobs.length }));\n}\n\n' +
      'export function getCustomer(id: number) {\n' +
      '  return toCustomerDto(store.customers.find((c) => c.id === id)!);\n}\n';
    const dto =
      "import type { Customer } from '../db/models.js';\n\nexport function toCustomerDto(c: Customer) {\n" +
      '  return { id: c.id, name: c.name, createdAt: c.createdAt.toISOString(), jobCount: c.jobs.length };\n}\n';
    const tree = {
      'src/controllers/customers.ts': controller,
      'src/services/customers.ts': service,
      'src/services/dto.ts': dto,
      'src/db/store.ts': 'export const store = { customers: [] };\n',
    };
    const { context } = templateContext(tree, {
      kind: 'runtime_error',
      endpoint: 'GET /customers',
      log: circular('list (/app/src/controllers/customers.ts:5:7)'),
    });
    const found = await allCandidates(
      nodeDtoMapper,
      withSchema(context, { type: 'array', items: object(['id', 'name', 'createdAt', 'jobCount']) }),
      ['src/services/customers.ts'],
    );
    expect(found.map((f) => f.files['src/services/customers.ts'])).toEqual([
      service.replace(
        '(c) => ({ ...c, createdAt: c.createdAt.toISOString(), jobCount: c.jobs.length })',
        'toCustomerDto',
      ),
    ]);
    // A mapper whose keys are not the documented ones is no DTO of this answer.
    const fewer = withSchema(context, { type: 'array', items: object(['id', 'name']) });
    expect(await allCandidates(nodeDtoMapper, fewer, [])).toEqual([]);
  });

  it('leaves the value alone when no mapper returns exactly the documented properties', async () => {
    const { context } = templateContext(files, { kind: 'runtime_error', endpoint: 'GET /vehicles', log });
    expect(
      await allCandidates(
        nodeDtoMapper,
        withSchema(context, { type: 'array', items: object(['id', 'plate', 'status']) }),
        [],
      ),
    ).toEqual([]);
  });
});
