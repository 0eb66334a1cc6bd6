import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeNumericCompare } from './numeric-compare.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const item = (type: unknown) => ({
  type: 'object',
  required: ['id', 'rank'],
  properties: { id: { type: 'integer' }, name: { type: 'string' }, rank: type },
});

async function run(files: Record<string, string>, message: string, frame: string, schema: unknown, file: string) {
  const { context } = templateContext(files, {
    kind: 'runtime_error',
    endpoint: 'GET /things',
    log: nodeLog(`TypeError: ${message}`, [frame]),
  });
  const operation = {
    ...context.operation!,
    responses: [{ status: '200', mediaTypes: ['application/json'], schema }],
  } as ApiOperation;
  return (await allCandidates(nodeNumericCompare, { ...context, operation }, [file])).map((f) => f.files[file]);
}

describe('node.numeric-compare', () => {
  it('sorts a documented integer by subtraction, in the same direction (list response, arrow body)', async () => {
    const file = 'src/services/things.js';
    const source =
      'async function list(rows) {\n  return rows.sort((a, b) => a.rank.localeCompare(b.rank));\n}\n' +
      'module.exports = { list };\n';
    const found = await run(
      { [file]: source },
      'a.rank.localeCompare is not a function',
      'list (/app/src/services/things.js:2:38)',
      { type: 'array', items: item({ type: 'integer' }) },
      file,
    );
    expect(found).toEqual([source.replace('a.rank.localeCompare(b.rank)', 'a.rank - b.rank')]);
  });

  it(`keeps a descending comparator descending and parenthesises it inside a larger expression (TypeScript, wrapped \
page)`, async () => {
    const file = 'src/things.ts';
    const source =
      'export function page(items: { rank: number; name: string }[]) {\n' +
      '  const sorted = [...items].sort((x, y) => {\n    return -1 * y.rank.localeCompare(x.rank);\n  });\n' +
      '  return { items: sorted };\n}\n';
    const schema = { type: 'object', properties: { items: { type: 'array', items: item({ type: 'number' }) } } };
    const found = await run(
      { [file]: source },
      'y.rank.localeCompare is not a function',
      'page (/app/src/things.ts:3:24)',
      schema,
      file,
    );
    expect(found).toEqual([source.replace('y.rank.localeCompare(x.rank)', '(y.rank - x.rank)')]);
  });

  it(`leaves a field the contract documents as a string or a nullable number, and two different fields, \
alone`, async () => {
    const file = 'src/services/things.js';
    const source =
      'async function list(rows) {\n  return rows.sort((a, b) => a.rank.localeCompare(b.rank));\n}\n' +
      'module.exports = { list };\n';
    const frame = 'list (/app/src/services/things.js:2:38)';
    for (const type of [
      { type: 'string', format: 'date-time' },
      { type: ['integer', 'null'] },
      { type: 'integer', nullable: true },
    ]) {
      expect(
        await run(
          { [file]: source },
          'a.rank.localeCompare is not a function',
          frame,
          { type: 'array', items: item(type) },
          file,
        ),
      ).toEqual([]);
    }
    const mixed = source.replace('b.rank)', 'b.id)');
    expect(
      await run(
        { [file]: mixed },
        'a.rank.localeCompare is not a function',
        frame,
        { type: 'array', items: item({ type: 'integer' }) },
        file,
      ),
    ).toEqual([]);
  });

  describe('#date', () => {
    const dated = (type: unknown) => ({
      type: 'object',
      required: ['id', 'createdAt'],
      properties: { id: { type: 'integer' }, createdAt: type },
    });
    const store =
      "const seed = require('./seed');\nconst db = { orders: [] };\n" +
      'db.orders = seed.map((o) => ({ ...o, createdAt: new Date(o.createdAt) }));\nmodule.exports = { db };\n';

    it('orders a date-time the project stores as a Date by time, newest first as written', async () => {
      const file = 'src/services/orders.js';
      const source =
        "const { db } = require('../db');\nfunction list() {\n" +
        '  return [...db.orders].sort((a, b) => b.createdAt.localeCompare(a.createdAt));\n}\n';
      const found = await run(
        { [file]: source, 'src/db.js': store },
        'b.createdAt.localeCompare is not a function',
        'list (/app/src/services/orders.js:3:52)',
        { type: 'array', items: dated({ type: 'string', format: 'date-time' }) },
        file,
      );
      expect(found).toEqual([
        source.replace('b.createdAt.localeCompare(a.createdAt)', 'b.createdAt.getTime() - a.createdAt.getTime()'),
      ]);
    });

    it('keeps an ascending TypeScript comparator inside a tie-break, assigned with new Date()', async () => {
      const file = 'src/orders.ts';
      const source =
        'export function page(rows: { id: number; createdAt: Date }[]) {\n' +
        '  const items = rows.sort((x, y) => x.createdAt.localeCompare(y.createdAt) || x.id - y.id);\n' +
        '  return { items };\n}\nexport function touch(row: { createdAt: Date }) {\n  row.createdAt = new Date();\n}\n';
      const schema = {
        type: 'object',
        properties: { items: { type: 'array', items: dated({ type: 'string', format: 'date-time' }) } },
      };
      const found = await run(
        { [file]: source },
        'x.createdAt.localeCompare is not a function',
        'page (/app/src/orders.ts:2:50)',
        schema,
        file,
      );
      expect(found).toEqual([
        source.replace('x.createdAt.localeCompare(y.createdAt)', 'x.createdAt.getTime() - y.createdAt.getTime()'),
      ]);
    });

    it('leaves a nullable date-time, and one nothing stores as a Date, alone', async () => {
      const file = 'src/services/orders.js';
      const source =
        "const { db } = require('../db');\nfunction list() {\n" +
        '  return [...db.orders].sort((a, b) => b.createdAt.localeCompare(a.createdAt));\n}\n';
      const args = ['b.createdAt.localeCompare is not a function', 'list (/app/src/services/orders.js:3:52)'] as const;
      const nullable = { type: 'array', items: dated({ type: ['string', 'null'], format: 'date-time' }) };
      expect(await run({ [file]: source, 'src/db.js': store }, ...args, nullable, file)).toEqual([]);
      const documented = { type: 'array', items: dated({ type: 'string', format: 'date-time' }) };
      const stamped = store.replace('new Date(o.createdAt)', 'Date.parse(o.createdAt)');
      expect(await run({ [file]: source, 'src/db.js': stamped }, ...args, documented, file)).toEqual([]);
    });
  });
});
