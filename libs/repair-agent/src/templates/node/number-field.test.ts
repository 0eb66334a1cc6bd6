import { describe, expect, it } from 'vitest';
import { nodeNumberField } from './number-field.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const notNumber = (field: string) => `body does not match the HTTP 200 schema: /${field} must be number`;

describe('node.number-field', () => {
  it('makes a toFixed string a number (JS)', async () => {
    const source =
      'async function stats(rows) {\n  const total = rows.length;\n' +
      '  return { total, mean: total ? (rows[0] / total).toFixed(2) : 0 };\n}\n' +
      'module.exports = { stats };\n';
    const { context } = templateContext(
      { 'src/stats.js': source },
      { kind: 'schema_mismatch', endpoint: 'GET /stats', actual: 200, message: notNumber('mean') },
    );
    const found = await allCandidates(nodeNumberField, context, ['src/stats.js']);
    expect(found.map((f) => f.files['src/stats.js'])).toEqual([
      source.replace('(rows[0] / total).toFixed(2)', 'Number((rows[0] / total).toFixed(2))'),
    ]);
  });

  it('gives a sum by reduce read through a local its initial 0 (TS)', async () => {
    const source =
      'export class Report {\n  async value(rows: any[]) {\n' +
      '    const sum = rows.reduce((acc, r) => acc + r.price * r.qty);\n' +
      '    return { count: rows.length, value: Math.round(sum * 100) / 100 };\n  }\n}\n';
    const { context } = templateContext(
      { 'src/report.ts': source },
      { kind: 'schema_mismatch', endpoint: 'GET /report', actual: 200, message: notNumber('value') },
    );
    const found = await allCandidates(nodeNumberField, context, ['src/report.ts']);
    expect(found.map((f) => f.files['src/report.ts'])).toEqual([
      source.replace('acc + r.price * r.qty)', 'acc + r.price * r.qty, 0)'),
    ]);
  });

  it('leaves a reduce that has its initial value and a toFixed already made a number', async () => {
    const source =
      'function f(rows) {\n  const sum = rows.reduce((acc, r) => acc + r.n, 0);\n' +
      '  return { value: sum, mean: Number(sum.toFixed(1)) };\n}\nmodule.exports = { f };\n';
    const { context } = templateContext(
      { 'src/f.js': source },
      {
        kind: 'schema_mismatch',
        endpoint: 'GET /f',
        actual: 200,
        message: `${notNumber('value')}; /mean must be number`,
      },
    );
    expect(await allCandidates(nodeNumberField, context, [])).toEqual([]);
  });
});
