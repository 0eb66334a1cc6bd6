import { describe, expect, it } from 'vitest';
import { nodeSelectedColumn, selectedColumns } from './selected-column.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const mistyped = (...fields: string[]) =>
  `body does not match the HTTP 200 schema: ${fields.map((f) => `/lines/0/${f} must be integer`).join('; ')}`;
const failure = (message: string) => ({
  kind: 'schema_mismatch' as const,
  endpoint: 'GET /orders/{id}/receipt',
  actual: 200,
  message,
});

// TypeScript repository: rows of a JOIN, a local computed from the misread column.
const repository =
  "import { queryAll } from '../db';\n\nexport class Items {\n  lines(orderId: number) {\n" +
  '    const rows = queryAll(\n      `SELECT oi.code, g.name AS garment_name, oi.quantity, oi.charge_cents\n' +
  '         FROM items oi JOIN garments g ON g.code = oi.code WHERE oi.order_id = ?`,\n      [orderId],\n    );\n' +
  '    return rows.map((row) => {\n      const quantity = Number(row.quantity);\n' +
  '      const unitPriceCents = Number(row.unit_price_cents);\n' +
  '      return { code: String(row.code), name: String(row.garment_name), quantity, unitPriceCents };\n    });\n' +
  '  }\n}\n';

describe('node.selected-column', () => {
  it('reads the one selected column the row callback never reads (TypeScript, template SQL, local)', async () => {
    const { context } = templateContext({ 'src/items.ts': repository }, failure(mistyped('unitPriceCents')));
    const found = await allCandidates(nodeSelectedColumn, context, ['src/items.ts']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.selected-column@src/items.ts:10']);
    expect(found[0]!.files['src/items.ts']).toBe(repository.replace('row.unit_price_cents', 'row.charge_cents'));
  });

  it('reads an aliased column of a better-sqlite3 query awaited in an arrow (CommonJS)', async () => {
    const handler =
      "const db = require('./db');\n\nexports.list = async () => {\n" +
      "  const rows = await db.prepare('SELECT id, price_cents AS priceCents FROM items').all();\n" +
      '  return rows.map((r) => ({ id: r.id, unitPrice: r.unitPriceCents }));\n};\n';
    const { context } = templateContext(
      { 'src/items.js': handler },
      failure('body does not match the HTTP 200 schema: /0/unitPrice must be number'),
    );
    const found = await allCandidates(nodeSelectedColumn, context, ['src/items.js']);
    expect(found).toEqual([]);
    // `.prepare(sql).all()`: the SQL is not the call's own argument — only a direct query call is read.
    const direct = handler.replace(
      "db.prepare('SELECT id, price_cents AS priceCents FROM items').all()",
      "db.all('SELECT id, price_cents AS priceCents FROM items')",
    );
    const again = templateContext(
      { 'src/items.js': direct },
      failure('body does not match the HTTP 200 schema: /0/unitPrice must be number'),
    );
    const fixed = await allCandidates(nodeSelectedColumn, again.context, ['src/items.js']);
    expect(fixed[0]!.files['src/items.js']).toBe(direct.replace('r.unitPriceCents', 'r.priceCents'));
  });

  it('leaves SELECT *, two unread columns, and an unread column naming something else', async () => {
    const star = repository.replace(/SELECT [^\n]*\n/, 'SELECT *\n');
    const two = repository.replace('oi.charge_cents', 'oi.charge_cents, oi.discount_cents');
    const other = repository.replace(/charge_cents/g, 'notes');
    for (const source of [star, two, other]) {
      const { context } = templateContext({ 'src/items.ts': source }, failure(mistyped('unitPriceCents')));
      expect(await allCandidates(nodeSelectedColumn, context, [])).toEqual([]);
    }
  });

  it('names the columns of a SELECT list, or none with a star or an unnamed expression', () => {
    expect(selectedColumns('SELECT a.x, b.name AS y, COUNT(*) AS n FROM t')).toEqual(['x', 'y', 'n']);
    expect(selectedColumns('SELECT t.* FROM t')).toBeNull();
    expect(selectedColumns('SELECT SUM(x) FROM t')).toBeNull();
  });
});
