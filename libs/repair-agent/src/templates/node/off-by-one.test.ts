import { describe, expect, it } from 'vitest';
import { nodeOffByOne } from './off-by-one.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const reading = (prop: string, frame: string) => nodeLog(`TypeError: Cannot read properties of undefined (reading '${prop}')`, [frame]);

describe('node.off-by-one', () => {
  it('stops the loop at the last element when the failing line reads arr[i].x', async () => {
    const source = "exports.total = (req, res) => {\n  const items = req.body.items;\n  let sum = 0;\n  for (let i = 0; i <= items.length; i++) {\n    sum += items[i].price * items[i].quantity;\n  }\n  res.json({ sum });\n};\n";
    const { context } = templateContext({ 'src/cart.js': source }, { kind: 'runtime_error', endpoint: 'POST /cart/total', log: reading('price', 'exports.total (/app/src/cart.js:5:21)') });
    const found = await allCandidates(nodeOffByOne, context, ['src/cart.js']);
    expect(found[0]!.files['src/cart.js']).toBe(source.replace('i <= items.length', 'i < items.length'));
  });

  it('follows an element bound to a variable in a class method (this.rows)', async () => {
    const source = 'class Report {\n  constructor(rows) {\n    this.rows = rows;\n  }\n\n  names() {\n    const out = [];\n    for (let k = 0; k <= this.rows.length; k++) {\n      const row = this.rows[k];\n      out.push(row.name);\n    }\n    return out;\n  }\n}\nmodule.exports = { Report };\n';
    const { context } = templateContext({ 'src/report.js': source }, { kind: 'runtime_error', endpoint: 'GET /report', log: reading('name', 'Report.names (/app/src/report.js:10:20)') });
    const found = await allCandidates(nodeOffByOne, context, ['src/report.js']);
    expect(found[0]!.files['src/report.js']).toBe(source.replace('k <= this.rows.length', 'k < this.rows.length'));
  });

  it('leaves a loop that stays in bounds (the element itself is missing a field)', async () => {
    const source = "exports.total = (req, res) => {\n  const items = req.body.items;\n  let sum = 0;\n  for (let i = 0; i < items.length; i++) {\n    sum += items[i].price.amount;\n  }\n  res.json({ sum });\n};\n";
    const { context } = templateContext({ 'src/cart.js': source }, { kind: 'runtime_error', endpoint: 'POST /cart/total', log: reading('amount', 'exports.total (/app/src/cart.js:5:27)') });
    expect(await allCandidates(nodeOffByOne, context, [])).toEqual([]);
  });
});
