import { describe, expect, it } from 'vitest';
import { nodeLog, templateContext } from '../../templates/node/test-support/template-context.js';
import { nodeJsonSerialize } from './json-serialize.js';

const bigint = (frame: string) =>
  nodeLog('TypeError: Do not know how to serialize a BigInt', ['JSON.stringify (<anonymous>)', frame]);
const ROUTES =
  "const express = require('express');\nconst service = require('./service');\nconst app = express();\n" +
  "app.post('/orders', async (req, res) => {\n  res.status(201).json(await service.place(req.body));\n});\n" +
  'module.exports = app;\n';
const schema = (props: Record<string, string>) => ({
  type: 'object',
  properties: Object.fromEntries(Object.entries(props).map(([k, t]) => [k, { type: t }])),
});

async function repair(files: Record<string, string>, props: Record<string, string>, frame: string) {
  const { context, tree } = templateContext(files, {
    kind: 'runtime_error',
    endpoint: 'POST /orders',
    expected: 201,
    log: bigint(frame),
  });
  const operation = {
    ...context.operation!,
    responses: [{ status: '201', mediaTypes: ['application/json'], schema: schema(props) }],
  };
  const outcome = await nodeJsonSerialize.apply({ ...context, operation });
  return { outcome, tree };
}

describe('node.json-serialize converts a BigInt where it is made when the contract says string', () => {
  it('a BigInt-making call under a string key (JS)', async () => {
    const service =
      'exports.place = async (input) => {\n' +
      '  const order = { id: process.hrtime.bigint(), lines: input.lines };\n  return order;\n};\n';
    const { outcome, tree } = await repair(
      { 'src/app.js': ROUTES, 'src/service.js': service },
      { id: 'string' },
      'app.post (/app/src/app.js:5:25)',
    );
    expect(outcome?.summary).toBe('convert the BigInt where it is made (src/service.js:2)');
    expect(await tree.read('src/service.js')).toBe(
      service.replace('process.hrtime.bigint()', 'process.hrtime.bigint().toString()'),
    );
    expect(await tree.read('src/app.js')).toBe(ROUTES);
  });

  it('a response failing on a BigInt this round converted where it is made is answered by that patch', async () => {
    const service =
      'exports.place = async (input) => {\n' +
      '  const order = { id: process.hrtime.bigint(), lines: input.lines };\n  return order;\n};\n';
    const files = { 'src/app.js': ROUTES, 'src/service.js': service };
    const first = await repair(files, { id: 'string' }, 'app.post (/app/src/app.js:5:25)');
    // The next root cause of the round sees the first one's patch on the tree.
    const { context } = templateContext(
      { 'src/app.js': ROUTES, 'src/service.js': service },
      {
        kind: 'runtime_error',
        endpoint: 'POST /orders',
        expected: 201,
        log: bigint('app.post (/app/src/app.js:5:25)'),
      },
    );
    await context.tree.write('src/service.js', (await first.tree.read('src/service.js'))!);
    const operation = {
      ...context.operation!,
      responses: [{ status: '201', mediaTypes: ['application/json'], schema: schema({ id: 'string' }) }],
    };
    const second = await nodeJsonSerialize.apply({ ...context, operation });
    expect(second?.alreadyFixed).toBe(true);
    expect(await context.tree.read('src/app.js')).toBe(ROUTES);
  });

  it('a shorthand property bound to BigInt(…) in a TypeScript class', async () => {
    const service =
      'export class Orders {\n  async place(input: { n: number }) {\n    const ref = BigInt(input.n);\n' +
      '    return { ref, total: 0 };\n  }\n}\n';
    const { tree } = await repair(
      { 'src/app.js': ROUTES, 'src/orders.ts': service },
      { ref: 'string', total: 'number' },
      'app.post (/app/src/app.js:5:25)',
    );
    expect(await tree.read('src/orders.ts')).toBe(
      service.replace('{ ref, total: 0 }', '{ ref: ref.toString(), total: 0 }'),
    );
  });

  it('leaves a BigInt under a key the contract types neither way to the serialising helper', async () => {
    const service = "exports.place = async (input) => ({ count: BigInt(input.lines.length), id: 'o1' });\n";
    const { outcome, tree } = await repair(
      { 'src/app.js': ROUTES, 'src/service.js': service },
      { id: 'string' },
      'app.post (/app/src/app.js:5:25)',
    );
    expect(outcome?.template).toMatchObject({ mode: 'bigint' });
    expect(await tree.read('src/service.js')).toBe(service);
    expect(await tree.read('src/app.js')).toContain(
      "res.status(201).json(toJsonSafe(await service.place(req.body), ['id']));",
    );
  });
});

describe('node.json-serialize converts a BigInt where it is made when the contract says integer', () => {
  it('a BigInt(…) call under an integer key (JS)', async () => {
    const service = "exports.place = async (input) => ({ count: BigInt(input.lines.length), id: 'o1' });\n";
    const { outcome, tree } = await repair(
      { 'src/app.js': ROUTES, 'src/service.js': service },
      { id: 'string', count: 'integer' },
      'app.post (/app/src/app.js:5:25)',
    );
    expect(outcome?.template).toMatchObject({ mode: 'bigint-source' });
    expect(await tree.read('src/service.js')).toBe(
      service.replace('BigInt(input.lines.length)', 'Number(input.lines.length)'),
    );
    expect(await tree.read('src/app.js')).toBe(ROUTES);
  });

  it('a reduce started at 0n, returned under a field its interface (another file) types bigint', async () => {
    const types =
      'export interface Ledger {\n  paidCents: bigint;\n}\nexport interface Totals {\n  orderId: number;\n' +
      '  paidCents: bigint;\n}\n';
    const service = [
      "import { Totals } from './types';",
      'export class Orders {',
      '  async place(input: { payments: { cents: number }[] }): Promise<Totals> {',
      '    // summed as bigint so large ledgers stay exact',
      '    const paidCents = input.payments.reduce((sum, p) => sum + BigInt(p.cents), 0n);',
      '    return { orderId: 1, paidCents };',
      '  }',
      '}',
      '',
    ].join('\n');
    const { outcome, tree } = await repair(
      { 'src/app.js': ROUTES, 'src/orders.ts': service, 'src/types.ts': types },
      { orderId: 'integer', paidCents: 'integer' },
      'app.post (/app/src/app.js:5:25)',
    );
    expect(outcome?.summary).toBe('convert the BigInt where it is made (src/orders.ts:6)');
    expect(await tree.read('src/orders.ts')).toBe(
      service.replace('{ orderId: 1, paidCents }', '{ orderId: 1, paidCents: Number(paidCents) }'),
    );
    // The returned interface's field is retyped; another interface's field of that name is not.
    expect(await tree.read('src/types.ts')).toBe(
      types.replace('orderId: number;\n  paidCents: bigint;', 'orderId: number;\n  paidCents: number;'),
    );
  });

  it('retypes the element interface of a list its function builds in a .map callback (Promise<Row[]>)', async () => {
    const service = [
      'export interface Row {',
      '  id: number;',
      '  valueCents: bigint;',
      '}',
      'export async function place(input: { cents: number[] }): Promise<Row[]> {',
      '  return input.cents.map((c, i) => {',
      '    return { id: i, valueCents: BigInt(c) };',
      '  });',
      '}',
      '',
    ].join('\n');
    const { outcome, tree } = await repair(
      { 'src/app.js': ROUTES, 'src/service.ts': service },
      { id: 'integer', valueCents: 'integer' },
      'app.post (/app/src/app.js:5:25)',
    );
    expect(outcome?.summary).toBe('convert the BigInt where it is made (src/service.ts:7)');
    expect(await tree.read('src/service.ts')).toBe(
      service.replace('valueCents: bigint;', 'valueCents: number;').replace('BigInt(c)', 'Number(c)'),
    );
  });

  it('a number-typed key whose value is no BigInt by its syntax is left to the serialising helper', async () => {
    const service =
      'export async function place(input: { ids: bigint[] }): Promise<{ first: bigint }> {\n' +
      '  return { first: input.ids[0]! };\n}\n';
    const routes = ROUTES.replace("require('./service')", "require('./service.ts')");
    const { outcome, tree } = await repair(
      { 'src/app.js': routes, 'src/service.ts': service },
      { first: 'integer' },
      'app.post (/app/src/app.js:5:25)',
    );
    expect(outcome?.template).toMatchObject({ mode: 'bigint' });
    expect(await tree.read('src/service.ts')).toBe(service);
  });
});

describe('node.json-serialize leaves a TypeScript BigInt typed elsewhere to the serialising helper', () => {
  // The shape of a real run (a Nest fare calculator): converting `amountCents` in place did not
  // compile (TS2322, the literal is a `FareLine`, whose field is `bigint`), and the rolled-back
  // attempt then kept the helper from being tried, leaving the request (and those after it) failing.
  const calculator = [
    'export interface FareLine {',
    '  label: string;',
    '  amountCents: bigint;',
    '}',
    'export class Fares {',
    '  async place(input: { base: number; seats: number; vehicle: boolean }) {',
    '    const lines: FareLine[] = [{ label: `seats`, amountCents: BigInt(input.base) * BigInt(input.seats) }];',
    "    if (input.vehicle) lines.push({ label: 'vehicle', amountCents: 2500n });",
    '    const total = lines.reduce((sum, l) => sum + l.amountCents, 0n);',
    '    return { lines, totalCents: Number(total) };',
    '  }',
    '}',
    '',
  ].join('\n');
  const props = { amountCents: 'integer', totalCents: 'integer' };
  const repairFares = (source: string) =>
    repair({ 'src/app.js': ROUTES, 'src/fares.ts': source }, props, 'app.post (/app/src/app.js:5:25)');

  it('a literal in a variable declared with an interface type', async () => {
    const { outcome, tree } = await repairFares(calculator);
    expect(outcome?.template).toMatchObject({ mode: 'bigint' });
    expect(await tree.read('src/fares.ts')).toBe(calculator);
    expect(await tree.read('src/app.js')).toContain('res.status(201).json(toJsonSafe(await service.place(req.body)));');
  });

  it('a literal passed as an argument (its type is the parameter’s)', async () => {
    const pushed = calculator
      .replace('const lines: FareLine[] = [{', 'const lines = [] as FareLine[];\n    lines.push({')
      .replace('seats) }];', 'seats) });');
    const { outcome, tree } = await repairFares(pushed);
    expect(outcome?.template).toMatchObject({ mode: 'bigint' });
    expect(await tree.read('src/fares.ts')).toBe(pushed);
  });

  it('near miss: an untyped local literal in TypeScript is still converted where it is made', async () => {
    const untyped =
      'export class Fares {\n  async place(input: { base: number }) {\n' +
      '    const line = { amountCents: BigInt(input.base) };\n    return line;\n  }\n}\n';
    const { outcome, tree } = await repairFares(untyped);
    expect(outcome?.template).toMatchObject({ mode: 'bigint-source' });
    expect(await tree.read('src/fares.ts')).toBe(untyped.replace('BigInt(input.base)', 'Number(input.base)'));
  });
});
