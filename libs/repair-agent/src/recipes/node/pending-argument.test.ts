import { describe, expect, it } from 'vitest';
import { parseLogs } from '@smoke-repair/log-parser';
import { createNodeProject } from '../../node/node-project.js';
import { memoryTree } from '../../node/test-support/memory-tree.js';
import { createPythonProject } from '../../python/python-project.js';
import { fakeInspector } from '../../python/test-support/fake-python.js';
import type { RootCause } from '../../types.js';
import { nodeMissingAwait } from './missing-await.js';

async function repair(files: Record<string, string>, at: { file: string; line: number }, message: string, log: string) {
  const tree = memoryTree(files);
  const outcome = await nodeMissingAwait.apply({
    cause: { trace: parseLogs(log, { appRoot: '/app' })[0] } as RootCause,
    tree,
    python: createPythonProject(tree, fakeInspector([])),
    node: createNodeProject(tree),
    culprit: at,
    exception: { type: 'TypeError', message },
  });
  return { outcome, tree };
}

const band =
  'function classify(value, band) {\n  if (value < band.low) return "cold";\n' +
  '  if (value > band.high) return "warm";\n  return "ok";\n}\nmodule.exports = { classify };\n';
const tanks =
  'async function findById(id) {\n  return { id, band: { low: 20, high: 26 } };\n}\nmodule.exports = { findById };\n';
const service = (lookup: string) =>
  "const tankRepository = require('./tankRepository');\nconst { classify } = require('./band');\n\n" +
  'function toReadingDto(entry, tank) {\n  return {\n    value: entry.value,\n' +
  '    state: classify(entry.value, tank.band),\n  };\n}\n\n' +
  `async function record(tankId, payload) {\n  const tank = ${lookup};\n` +
  "  if (!tank) throw new Error('no tank');\n  return toReadingDto({ value: payload.value }, tank);\n}\n\n" +
  'module.exports = { record };\n';
const trace =
  "TypeError: Cannot read properties of undefined (reading 'low')\n" +
  '    at classify (/app/src/band.js:2:26)\n    at toReadingDto (/app/src/readingService.js:7:12)\n' +
  '    at record (/app/src/readingService.js:14:10)\n' +
  '    at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)\n';

describe('node.missing-await on a Promise handed to the failing function by a caller', () => {
  it("awaits the lookup two frames out whose Promise's member became the failing function's argument", async () => {
    const files = {
      'src/band.js': band,
      'src/tankRepository.js': tanks,
      'src/readingService.js': service('tankRepository.findById(tankId)'),
    };
    const { outcome, tree } = await repair(
      files,
      { file: 'src/band.js', line: 2 },
      "Cannot read properties of undefined (reading 'low')",
      trace,
    );
    expect(outcome?.summary).toBe('await tankRepository.findById(...) at src/readingService.js:12');
    expect(await tree.read('src/readingService.js')).toBe(service('await tankRepository.findById(tankId)'));
  });

  it("awaits the lookup in the direct caller that passed the Promise's member (ESM)", async () => {
    const label = 'export function label(owner) {\n  return owner.name.toUpperCase();\n}\n';
    const orders =
      "import { label } from './label.js';\nimport { findOrder } from './orderRepository.js';\n" +
      'export async function show(req, res) {\n  const order = findOrder(Number(req.params.id));\n' +
      '  res.json({ owner: label(order.owner) });\n}\n';
    const repo = 'export async function findOrder(id) {\n  return { id, owner: { name: "a" } };\n}\n';
    const log =
      "TypeError: Cannot read properties of undefined (reading 'name')\n" +
      '    at label (/app/src/label.js:2:16)\n    at show (/app/src/orders.js:5:23)\n';
    const { outcome, tree } = await repair(
      { 'src/label.js': label, 'src/orders.js': orders, 'src/orderRepository.js': repo },
      { file: 'src/label.js', line: 2 },
      "Cannot read properties of undefined (reading 'name')",
      log,
    );
    expect(outcome?.summary).toBe('await findOrder(...) at src/orders.js:4');
    expect(await tree.read('src/orders.js')).toBe(orders.replace('= findOrder(', '= await findOrder('));
  });

  it('leaves an awaited lookup whose record lacks the member, and a lookup of a plain function', async () => {
    const awaited = await repair(
      {
        'src/band.js': band,
        'src/tankRepository.js': tanks,
        'src/readingService.js': service('await tankRepository.findById(tankId)'),
      },
      { file: 'src/band.js', line: 2 },
      "Cannot read properties of undefined (reading 'low')",
      trace,
    );
    expect(awaited.outcome).toBeNull();
    const plain = await repair(
      {
        'src/band.js': band,
        'src/tankRepository.js': tanks.replace('async function', 'function'),
        'src/readingService.js': service('tankRepository.findById(tankId)'),
      },
      { file: 'src/band.js', line: 2 },
      "Cannot read properties of undefined (reading 'low')",
      trace,
    );
    expect(plain.outcome).toBeNull();
  });
});

// A mapper whose failing line also holds a callback: the function that failed is the one the
// suspect is a parameter of, not the callback (the innermost function on the line).
const loansRepo =
  'async function findMember(id) {\n  return { id, loans: [{ title: "a" }] };\n}\n' +
  'module.exports = { findMember };\n';
const members = (lookup: string, field = 'l.title') =>
  "const { findMember } = require('./memberRepository');\n\nfunction toMemberDto(member) {\n  return {\n" +
  `    id: member.id,\n    loans: member.loans.map((l) => ({ title: ${field} })),\n  };\n}\n\n` +
  `async function show(req, res) {\n  const member = ${lookup};\n` +
  "  if (!member) return res.status(404).json({ error: 'not found' });\n  res.json(toMemberDto(member));\n}\n\n" +
  'module.exports = { show };\n';
const mapperTrace = (message: string) =>
  `TypeError: ${message}\n    at toMemberDto (/app/src/membersController.js:6:26)\n` +
  '    at show (/app/src/membersController.js:13:12)\n';

describe('node.missing-await when the failing line holds a callback', () => {
  it("awaits the caller's lookup handed to a mapper that fails before its map callback", async () => {
    const message = "Cannot read properties of undefined (reading 'map')";
    const { outcome, tree } = await repair(
      {
        'src/memberRepository.js': loansRepo,
        'src/membersController.js': members('findMember(Number(req.params.id))'),
      },
      { file: 'src/membersController.js', line: 6 },
      message,
      mapperTrace(message),
    );
    expect(outcome?.summary).toBe('await findMember(...) at src/membersController.js:11');
    expect(await tree.read('src/membersController.js')).toBe(members('await findMember(Number(req.params.id))'));
  });

  it("awaits the lookup whose Promise's member reached a function chaining two callbacks (ESM)", async () => {
    const totals = 'export function total(lines) {\n  return lines.map((l) => l.qty).reduce((a, b) => a + b, 0);\n}\n';
    const invoices =
      "import { total } from './totals.js';\nimport { findInvoice } from './invoiceRepository.js';\n" +
      'export async function show(req, res) {\n  const invoice = findInvoice(req.params.id);\n' +
      '  res.json({ total: total(invoice.lines) });\n}\n';
    const repo = 'export async function findInvoice(id) {\n  return { id, lines: [{ qty: 2 }] };\n}\n';
    const { outcome, tree } = await repair(
      { 'src/totals.js': totals, 'src/invoices.js': invoices, 'src/invoiceRepository.js': repo },
      { file: 'src/totals.js', line: 2 },
      "Cannot read properties of undefined (reading 'map')",
      "TypeError: Cannot read properties of undefined (reading 'map')\n    at total (/app/src/totals.js:2:16)\n" +
        '    at show (/app/src/invoices.js:5:21)\n',
    );
    expect(outcome?.summary).toBe('await findInvoice(...) at src/invoices.js:4');
    expect(await tree.read('src/invoices.js')).toBe(invoices.replace('= findInvoice(', '= await findInvoice('));
  });

  it("leaves a failure on the callback's own parameter (an item lacking a member), and an awaited lookup", async () => {
    const inner = "Cannot read properties of undefined (reading 'title')";
    const item = await repair(
      {
        'src/memberRepository.js': loansRepo,
        'src/membersController.js': members('findMember(Number(req.params.id))', 'l.book.title'),
      },
      { file: 'src/membersController.js', line: 6 },
      inner,
      mapperTrace(inner).replace('at toMemberDto', 'at <anonymous>'),
    );
    expect(item.outcome).toBeNull();
    const message = "Cannot read properties of undefined (reading 'map')";
    const awaited = await repair(
      {
        'src/memberRepository.js': loansRepo,
        'src/membersController.js': members('await findMember(Number(req.params.id))'),
      },
      { file: 'src/membersController.js', line: 6 },
      message,
      mapperTrace(message),
    );
    expect(awaited.outcome).toBeNull();
  });
});
