import { describe, expect, it } from 'vitest';
import { nodeCircularRequire } from './circular-require.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// Node's message for calling the undefined binding, at the call's line of the culprit file.
const run = (files: Record<string, string>, file: string, line: number, name = 'addPoints') =>
  allCandidates(
    nodeCircularRequire,
    templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'POST /orders/{id}/refund',
      log: nodeLog(`TypeError: ${name} is not a function`, [`refund (/app/${file}:${line}:3)`]),
    }).context,
    [file],
  );

const orders = (head: string) =>
  `'use strict';\n\nconst { db } = require('../db');\n${head}\n\n` +
  'function refund(id) {\n  const order = db.orders.get(id);\n  addPoints(order.customer_id, order.total);\n' +
  '  return { ...order, refunded: true };\n}\n\nmodule.exports = { refund };\n';
// The customers module requires the orders module back (at load time, through another module).
const customers = (exportsStyle: 'replace' | 'add') =>
  "'use strict';\n\nconst history = require('./history');\n\nfunction addPoints(id, n) {\n  return n;\n}\n" +
  "function list() {\n  return history.ordersOf('x');\n}\n\n" +
  (exportsStyle === 'replace' ? 'module.exports = { list, addPoints };\n' : 'exports.addPoints = addPoints;\n');
const history = "const orderService = require('./order-service');\nexports.ordersOf = (id) => [id];\n";

describe('node.circular-require', () => {
  it('requires the module where the name is called when it replaces module.exports (CommonJS)', async () => {
    const files = {
      'src/services/order-service.js': orders("const { addPoints } = require('./customer-service');"),
      'src/services/customer-service.js': customers('replace'),
      'src/services/history.js': history,
    };
    const found = await run(files, 'src/services/order-service.js', 8);
    // A module binding would keep the empty exports object the cycle handed out: only the lazy one.
    expect(found.map((f) => f.candidate.key)).toEqual(['node.circular-require#lazy']);
    expect(found[0]!.files['src/services/order-service.js']).toBe(
      orders('')
        .replace("require('../db');\n\n", "require('../db');\n")
        .replace('  addPoints(order', "  require('./customer-service').addPoints(order"),
    );
  });

  it('keeps the other names and calls through a module binding when the module adds to exports', async () => {
    const files = {
      'src/services/order-service.js': orders("const { addPoints, list } = require('./customer-service');"),
      'src/services/customer-service.js': customers('add'),
      'src/services/history.js': history,
    };
    const found = await run(files, 'src/services/order-service.js', 8);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.circular-require', 'node.circular-require#lazy']);
    expect(found[0]!.files['src/services/order-service.js']).toBe(
      orders(
        "const { list } = require('./customer-service');\nconst customerService = require('./customer-service');",
      ).replace('  addPoints(order', '  customerService.addPoints(order'),
    );
  });

  it('works on a TypeScript file and an aliased binding (a direct cycle)', async () => {
    const service =
      "const { addPoints: credit } = require('./customers');\n\n" +
      'export function refund(id: number): number {\n  return credit(id, 1) as number;\n}\n';
    const peer = "import { refund } from './orders';\nexports.addPoints = (id: number, n: number) => n + id;\n";
    const found = await run({ 'src/orders.ts': service, 'src/customers.ts': peer }, 'src/orders.ts', 4, 'credit');
    expect(found.map((f) => f.candidate.key)).toEqual(['node.circular-require', 'node.circular-require#lazy']);
    expect(found[0]!.files['src/orders.ts']).toBe(
      "const customers = require('./customers');\n\n" +
        'export function refund(id: number): number {\n  return customers.addPoints(id, 1) as number;\n}\n',
    );
  });

  it('leaves modules with no cycle, a name the module does not export, and an ES module import', async () => {
    const noCycle = {
      'src/services/order-service.js': orders("const { addPoints } = require('./customer-service');"),
      'src/services/customer-service.js': customers('replace'),
      'src/services/history.js': 'exports.ordersOf = (id) => [id];\n',
    };
    expect(await run(noCycle, 'src/services/order-service.js', 8)).toEqual([]);
    const notExported = {
      'src/services/order-service.js': orders("const { addPoints } = require('./customer-service');"),
      'src/services/customer-service.js': customers('replace').replace('list, addPoints', 'list'),
      'src/services/history.js': history,
    };
    expect(await run(notExported, 'src/services/order-service.js', 8)).toEqual([]);
    const esm = {
      'src/services/order-service.js': orders("import { addPoints } from './customer-service.js';"),
      'src/services/customer-service.js': "import './order-service.js';\nexport function addPoints() {}\n",
    };
    expect(await run(esm, 'src/services/order-service.js', 8)).toEqual([]);
  });

  describe('a whole-module binding (`module.member is not a function`)', () => {
    const service = (extra = '') =>
      "'use strict';\n\nconst db = require('../db');\nconst customerService = require('./customer-service');\n\n" +
      'async function refund(id) {\n  const order = db.orders.get(id);\n' +
      '  const customer = await customerService.addPoints(order.customer_id, order.total);\n' +
      `  return { ...order, customer };\n}\n${extra}\nmodule.exports = { refund };\n`;
    const peer = (tail: string) =>
      "const orderService = require('./order-service');\nfunction addPoints(id, n) {\n  return n;\n}\n" + tail;
    const runMember = (files: Record<string, string>) =>
      run(files, 'src/services/order-service.js', 8, 'customerService.addPoints');

    it('requires the module at each use when it replaces module.exports (a direct cycle)', async () => {
      const files = {
        'src/services/order-service.js': service('function peek() {\n  return customerService.list();\n}\n'),
        'src/services/customer-service.js': peer('module.exports = { addPoints, list: () => [] };\n'),
      };
      const found = await runMember(files);
      expect(found.map((f) => f.candidate.key)).toEqual(['node.circular-require#lazy-module']);
      const lazy = "require('./customer-service')";
      expect(found[0]!.files['src/services/order-service.js']).toBe(
        service(`function peek() {\n  return ${lazy}.list();\n}\n`)
          .replace("const customerService = require('./customer-service');\n", '')
          .replace('await customerService.addPoints', `await ${lazy}.addPoints`),
      );
    });

    it('follows a cycle through another module', async () => {
      const files = {
        'src/services/order-service.js': service(),
        'src/services/customer-service.js':
          "const history = require('./history');\nfunction addPoints() {}\nmodule.exports = { addPoints };\n",
        'src/services/history.js': history,
      };
      expect((await runMember(files)).map((f) => f.candidate.key)).toEqual(['node.circular-require#lazy-module']);
    });

    it('leaves a module that adds to exports, no cycle, a load-time use and a missing export', async () => {
      const adds = peer('exports.addPoints = addPoints;\n');
      const replaces = peer('module.exports = { addPoints };\n');
      const cases = [
        { 'src/services/order-service.js': service(), 'src/services/customer-service.js': adds },
        {
          'src/services/order-service.js': service(),
          'src/services/customer-service.js': replaces.replace(/^.*\n/, ''),
        },
        {
          'src/services/order-service.js': service('const points = customerService.addPoints;\n'),
          'src/services/customer-service.js': replaces,
        },
        {
          'src/services/order-service.js': service(),
          'src/services/customer-service.js': replaces.replace('{ addPoints }', '{ other: addPoints }'),
        },
      ];
      for (const files of cases) expect(await runMember(files)).toEqual([]);
    });
  });
});
