import { describe, expect, it } from 'vitest';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';
import { nodeUnboundMethod } from './unbound-method.js';

const SERVICE = 'src/orders/orders.service.ts';
const service = [
  "import { Injectable } from '@nestjs/common';",
  '',
  '@Injectable()',
  'export class OrdersService {',
  '  constructor(private readonly customers: Map<number, string>, private readonly rows: any[]) {}',
  '',
  '  toView(order: any) {',
  '    return { id: order.id, customer: this.customers.get(order.customerId) ?? null };',
  '  }',
  '',
  '  list() {',
  '    return this.rows.map(this.toView);',
  '  }',
  '}',
  '',
].join('\n');
const reading = (prop: string, frames: string[]) =>
  nodeLog(`TypeError: Cannot read properties of undefined (reading '${prop}')`, frames);
const detached = [
  'toView (/app/src/orders/orders.service.ts:8:46)',
  'Array.map (<anonymous>)',
  'OrdersService.list (/app/src/orders/orders.service.ts:12:22)',
];

describe('node.unbound-method', () => {
  it('binds a method passed to map where the calling frame passes it', async () => {
    const { context } = templateContext(
      { [SERVICE]: service },
      { kind: 'runtime_error', endpoint: 'GET /orders', log: reading('customers', detached) },
    );
    const found = await allCandidates(nodeUnboundMethod, context, [SERVICE]);
    expect(found.map((f) => f.files[SERVICE])).toEqual([
      service.replace('map(this.toView)', 'map(this.toView.bind(this))'),
    ]);
  });

  it('binds a plain class handler passed to then, found in its own file when the trace lost the caller', async () => {
    const file = 'src/jobs.js';
    const source = [
      'class Jobs {',
      '  constructor(log) {',
      '    this.log = log;',
      '  }',
      '  done(result) {',
      '    this.log.push(result);',
      '    return result;',
      '  }',
      '  run(task) {',
      '    return task().then(this.done);',
      '  }',
      '}',
      'module.exports = { Jobs };',
      '',
    ].join('\n');
    const { context } = templateContext(
      { [file]: source },
      {
        kind: 'runtime_error',
        endpoint: 'POST /jobs',
        log: reading('log', [
          'process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
          'done (/app/src/jobs.js:6:10)',
        ]),
      },
    );
    const found = await allCandidates(nodeUnboundMethod, context, [file]);
    expect(found.map((f) => f.files[file])).toEqual([source.replace('then(this.done)', 'then(this.done.bind(this))')]);
  });

  it(`binds another object's method to that object where the caller in another file passes it (TypeScript repository, \
JS module object)`, async () => {
    const repo =
      'export class PartRepository {\n' +
      '  constructor(private readonly db: { parts: Map<number, unknown> }) {}\n\n' +
      '  async findById(id: number) {\n    return this.db.parts.get(id);\n  }\n}\n';
    const service =
      "import { PartRepository } from '../repositories/partRepository.js';\n\nexport class OrderService {\n" +
      '  constructor(private readonly parts = new PartRepository({ parts: new Map() })) {}\n\n' +
      '  async create(ids: number[]) {\n' +
      '    const parts = await Promise.all(ids.map(this.parts.findById));\n    return parts;\n  }\n}\n';
    const frames = [
      'findById (/app/src/repositories/partRepository.ts:5:20)',
      'Array.map (<anonymous>)',
      'OrderService.create (/app/src/services/orderService.ts:7:37)',
    ];
    const files = { 'src/repositories/partRepository.ts': repo, 'src/services/orderService.ts': service };
    const { context } = templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'POST /orders',
      log: reading('db', frames),
    });
    const found = await allCandidates(nodeUnboundMethod, context, ['src/services/orderService.ts']);
    expect(found.map((f) => f.files['src/services/orderService.ts'])).toEqual([
      service.replace('map(this.parts.findById)', 'map(this.parts.findById.bind(this.parts))'),
    ]);

    const plain =
      "const { Ledger } = require('./ledger');\nconst ledger = new Ledger();\n\n" +
      'function totals(entries) {\n  return entries.map(ledger.amountOf);\n}\n' +
      'module.exports = { totals };\n';
    const ledger =
      'class Ledger {\n  constructor() {\n    this.rates = { EUR: 1 };\n  }\n  amountOf(entry) {\n' +
      '    return entry.amount * this.rates[entry.currency];\n  }\n}\nmodule.exports = { Ledger };\n';
    const js = templateContext(
      { 'src/ledger.js': ledger, 'src/totals.js': plain },
      {
        kind: 'runtime_error',
        endpoint: 'GET /totals',
        log: reading('rates', [
          'amountOf (/app/src/ledger.js:6:33)',
          'Array.map (<anonymous>)',
          'totals (/app/src/totals.js:5:18)',
        ]),
      },
    );
    const bound = await allCandidates(nodeUnboundMethod, js.context, ['src/totals.js']);
    expect(bound.map((f) => f.files['src/totals.js'])).toEqual([
      plain.replace('map(ledger.amountOf)', 'map(ledger.amountOf.bind(ledger))'),
    ]);
  });

  it("leaves another object's method in the culprit's own file alone when the trace lost the caller", async () => {
    const file = 'src/report.js';
    const source =
      'class Report {\n  constructor(fmt) {\n    this.fmt = fmt;\n  }\n  line(row) {\n' +
      '    return this.fmt.format(row);\n  }\n  all(rows, other) {\n    return rows.map(other.line);\n  }\n' +
      '}\nmodule.exports = { Report };\n';
    const { context } = templateContext(
      { [file]: source },
      {
        kind: 'runtime_error',
        endpoint: 'GET /report',
        log: reading('fmt', [
          'process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
          'line (/app/src/report.js:6:17)',
        ]),
      },
    );
    expect(await allCandidates(nodeUnboundMethod, context, [])).toEqual([]);
  });

  it('leaves a member that is itself undefined, and a method called with its object, alone', async () => {
    // `this.customers` undefined: the message reads the member's member, `this` was there.
    const missing = reading('get', detached);
    const called = service.replace('map(this.toView)', 'map((o) => this.toView(o))');
    for (const [source, log] of [
      [service, missing],
      [
        called,
        reading('customers', [
          'OrdersService.toView (/app/src/orders/orders.service.ts:8:46)',
          'OrdersService.list (/app/src/orders/orders.service.ts:12:37)',
        ]),
      ],
    ] as const) {
      const { context } = templateContext(
        { [SERVICE]: source },
        { kind: 'runtime_error', endpoint: 'GET /orders', log },
      );
      expect(await allCandidates(nodeUnboundMethod, context, [])).toEqual([]);
    }
  });
});

describe('node.unbound-method on route handlers', () => {
  // Captured from a run of a TypeScript Express app built with tsc (frames mapped to src/*.ts through
  // the source maps; the sandbox path replaced by /app).
  const balanceTrace = [
    'balance (/app/src/controllers/student.controller.ts:12:32)',
    '/app/src/middleware/async-route.ts:9:5',
    'Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)',
    'next (/app/node_modules/express/lib/router/route.js:149:13)',
  ];
  const controller = [
    "import { Request, Response } from 'express';",
    "import { BillingService } from '../services/billing.service';",
    '',
    'export class StudentController {',
    '  constructor(private readonly billing: BillingService) {}',
    '',
    '  list = async (_req: Request, res: Response): Promise<void> => {',
    '    res.json([]);',
    '  };',
    '',
    '  async balance(req: Request, res: Response): Promise<void> {',
    '    const balance = await this.billing.balance(Number(req.params.id));',
    '    res.json(balance);',
    '  }',
    '}',
    '',
  ].join('\n');
  const routes = (handler: string) =>
    `import { Router } from 'express';\nimport { StudentController } from '../controllers/student.controller';\n` +
    `import { asyncRoute } from '../middleware/async-route';\n\n` +
    `export function studentRoutes(controller: StudentController): Router {\n  const router = Router();\n` +
    `  router.get('/', asyncRoute(controller.list));\n  router.get('/:id/balance', ${handler});\n  return router;\n` +
    `}\n`;
  const files = (handler: string) => ({
    'src/app.ts':
      "import express from 'express';\nimport { studentRoutes } from './routes/student.routes';\n" +
      'export function createApp(c: any) {\n  const app = express();\n' +
      "  app.use('/students', studentRoutes(c.students));\n  return app;\n}\n",
    'src/routes/student.routes.ts': routes(handler),
    'src/controllers/student.controller.ts': controller,
    'src/middleware/async-route.ts':
      "import { NextFunction, Request, RequestHandler, Response } from 'express';\n\n" +
      'type AsyncHandler = (req: Request, res: Response, next: NextFunction) => Promise<void>;\n\n' +
      'export const asyncRoute =\n  (handler: AsyncHandler): RequestHandler =>\n  (req, res, next) => {\n' +
      '    handler(req, res, next).catch(next);\n  };\n',
  });
  const failure = {
    kind: 'runtime_error' as const,
    endpoint: 'GET /students/{id}/balance',
    log: reading('billing', balanceTrace),
  };

  it('binds a controller method registered through a wrapper in a router factory to its controller', async () => {
    const { context } = templateContext(files('asyncRoute(controller.balance)'), failure);
    const found = await allCandidates(nodeUnboundMethod, context, ['src/routes/student.routes.ts']);
    expect(found.map((f) => f.files['src/routes/student.routes.ts'])).toEqual([
      routes('asyncRoute(controller.balance.bind(controller))'),
    ]);
  });

  it('binds a method of a module-level instance registered bare (JavaScript)', async () => {
    const ctrl =
      'class Kilns {\n  constructor(store) {\n    this.store = store;\n  }\n  async get(req, res) {\n' +
      '    res.json(this.store.get(Number(req.params.id)));\n  }\n}\nmodule.exports = { Kilns };\n';
    const app =
      "const express = require('express');\nconst { Kilns } = require('./kilns');\n" +
      "const kilns = new Kilns(new Map());\nconst app = express();\napp.get('/kilns/:id', kilns.get);\n" +
      'app.listen(3000);\n';
    const log = reading('store', [
      'get (/app/src/kilns.js:6:19)',
      'Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)',
    ]);
    const { context } = templateContext(
      { 'src/app.js': app, 'src/kilns.js': ctrl },
      { kind: 'runtime_error', endpoint: 'GET /kilns/{id}', log },
    );
    const found = await allCandidates(nodeUnboundMethod, context, ['src/app.js']);
    expect(found.map((f) => f.files['src/app.js'])).toEqual([app.replace('kilns.get)', 'kilns.get.bind(kilns))')]);
  });

  it(`proposes nothing when the registration already binds the method (near miss: \`this\` is not what is \
undefined)`, async () => {
    const { context } = templateContext(files('asyncRoute(controller.balance.bind(controller))'), failure);
    expect(await allCandidates(nodeUnboundMethod, context, ['src/routes/student.routes.ts'])).toEqual([]);
  });
});
