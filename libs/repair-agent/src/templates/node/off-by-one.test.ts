import { describe, expect, it } from 'vitest';
import { nodeOffByOne } from './off-by-one.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const reading = (prop: string, frame: string) =>
  nodeLog(`TypeError: Cannot read properties of undefined (reading '${prop}')`, [frame]);

describe('node.off-by-one', () => {
  it('stops the loop at the last element when the failing line reads arr[i].x', async () => {
    const source =
      'exports.total = (req, res) => {\n  const items = req.body.items;\n  let sum = 0;\n' +
      '  for (let i = 0; i <= items.length; i++) {\n    sum += items[i].price * items[i].quantity;\n  }\n' +
      '  res.json({ sum });\n};\n';
    const { context } = templateContext(
      { 'src/cart.js': source },
      {
        kind: 'runtime_error',
        endpoint: 'POST /cart/total',
        log: reading('price', 'exports.total (/app/src/cart.js:5:21)'),
      },
    );
    const found = await allCandidates(nodeOffByOne, context, ['src/cart.js']);
    expect(found[0]!.files['src/cart.js']).toBe(source.replace('i <= items.length', 'i < items.length'));
  });

  it('follows an element bound to a variable in a class method (this.rows)', async () => {
    const source =
      'class Report {\n  constructor(rows) {\n    this.rows = rows;\n  }\n\n  names() {\n' +
      '    const out = [];\n    for (let k = 0; k <= this.rows.length; k++) {\n' +
      '      const row = this.rows[k];\n      out.push(row.name);\n    }\n    return out;\n  }\n}\n' +
      'module.exports = { Report };\n';
    const { context } = templateContext(
      { 'src/report.js': source },
      {
        kind: 'runtime_error',
        endpoint: 'GET /report',
        log: reading('name', 'Report.names (/app/src/report.js:10:20)'),
      },
    );
    const found = await allCandidates(nodeOffByOne, context, ['src/report.js']);
    expect(found[0]!.files['src/report.js']).toBe(source.replace('k <= this.rows.length', 'k < this.rows.length'));
  });

  it('stops at a bound the function took from the length (Math.min in JS, a plain const in TS)', async () => {
    const js =
      'async function top(limit) {\n  const ranked = (await repo.all()).sort((a, b) => b.score - a.score);' +
      '\n  const n = Math.min(limit, ranked.length);\n  const out = [];\n  for (let i = 0; i <= n; i++) {\n' +
      '    out.push({ rank: i + 1, id: ranked[i].id });\n  }\n  return out;\n}\nmodule.exports = { top };\n';
    const first = templateContext(
      { 'src/top.js': js },
      { kind: 'runtime_error', endpoint: 'GET /top', log: reading('id', 'top (/app/src/top.js:6:41)') },
    );
    expect((await allCandidates(nodeOffByOne, first.context, ['src/top.js']))[0]!.files['src/top.js']).toBe(
      js.replace('i <= n', 'i < n'),
    );
    const ts =
      'export function labels(rows: { label: string }[]): string[] {\n  const count = rows.length;\n' +
      '  const out: string[] = [];\n  for (let j = 0; j <= count; j++) {\n    const row = rows[j];\n' +
      '    out.push(row.label);\n  }\n  return out;\n}\n';
    const second = templateContext(
      { 'src/labels.ts': ts },
      { kind: 'runtime_error', endpoint: 'GET /labels', log: reading('label', 'labels (/app/src/labels.ts:6:18)') },
    );
    expect((await allCandidates(nodeOffByOne, second.context, ['src/labels.ts']))[0]!.files['src/labels.ts']).toBe(
      ts.replace('j <= count', 'j < count'),
    );
  });

  it('leaves a loop whose bound is not the array length (Math.min of two other numbers)', async () => {
    const js =
      'function top(ranked, limit) {\n  const n = Math.min(limit, 10);\n  const out = [];\n' +
      '  for (let i = 0; i <= n; i++) {\n    out.push(ranked[i].id);\n  }\n  return out;\n}\n' +
      'module.exports = { top };\n';
    const { context } = templateContext(
      { 'src/top.js': js },
      { kind: 'runtime_error', endpoint: 'GET /top', log: reading('id', 'top (/app/src/top.js:5:24)') },
    );
    expect(await allCandidates(nodeOffByOne, context, [])).toEqual([]);
  });

  it('leaves a loop that stays in bounds (the element itself is missing a field)', async () => {
    const source =
      'exports.total = (req, res) => {\n  const items = req.body.items;\n  let sum = 0;\n' +
      '  for (let i = 0; i < items.length; i++) {\n    sum += items[i].price.amount;\n  }\n' +
      '  res.json({ sum });\n};\n';
    const { context } = templateContext(
      { 'src/cart.js': source },
      {
        kind: 'runtime_error',
        endpoint: 'POST /cart/total',
        log: reading('amount', 'exports.total (/app/src/cart.js:5:27)'),
      },
    );
    expect(await allCandidates(nodeOffByOne, context, [])).toEqual([]);
  });

  it('reads a 1-based index one element lower when the function guards it as 1..length (TS)', async () => {
    const source =
      "const config = { days: ['2026-05-01', '2026-05-02'] };\n\nexport class Schedule {\n" +
      '  async forDay(day: number) {\n    if (day < 1 || day > config.days.length) {\n' +
      "      throw new Error('day out of range');\n    }\n    const iso = config.days[day];\n" +
      "    const [y, m] = iso.split('-').map(Number);\n    return { day, y, m };\n  }\n}\n";
    const { context } = templateContext(
      { 'src/schedule.ts': source },
      {
        kind: 'runtime_error',
        endpoint: 'GET /schedule/{day}',
        log: reading('split', 'Schedule.forDay (/app/src/schedule.ts:9:24)'),
      },
    );
    const found = await allCandidates(nodeOffByOne, context, ['src/schedule.ts']);
    expect(found[0]!.files['src/schedule.ts']).toBe(source.replace('config.days[day];', 'config.days[day - 1];'));
  });

  it('leaves an index the function guards as 0..length-1 (the element is missing, not the index off)', async () => {
    const source =
      "const days = ['2026-05-01'];\nexports.forDay = (day) => {\n" +
      "  if (day < 0 || day >= days.length) throw new Error('range');\n  const iso = days[day];\n" +
      "  return iso.split('-');\n};\n";
    const { context } = templateContext(
      { 'src/schedule.js': source },
      {
        kind: 'runtime_error',
        endpoint: 'GET /schedule/{day}',
        log: reading('split', 'exports.forDay (/app/src/schedule.js:5:14)'),
      },
    );
    expect(await allCandidates(nodeOffByOne, context, [])).toEqual([]);
  });

  it('reads the last element as xs[xs.length - 1], bound to a name or dereferenced in place', async () => {
    const bound =
      'async function nextFree(slipId) {\n  const stays = await repo.find(slipId);\n' +
      '  const sorted = [...stays].sort((a, b) => a.end.localeCompare(b.end));\n' +
      '  const latest = sorted[sorted.length];\n  return { slipId, from: latest.end };\n}\n' +
      'module.exports = { nextFree };\n';
    const one = templateContext(
      { 'src/slips.js': bound },
      { kind: 'runtime_error', endpoint: 'GET /slips/{id}', log: reading('end', 'nextFree (/app/src/slips.js:5:32)') },
    );
    const found = await allCandidates(nodeOffByOne, one.context, ['src/slips.js']);
    expect(found[0]!.files['src/slips.js']).toBe(bound.replace('sorted[sorted.length]', 'sorted[sorted.length - 1]'));
    const inPlace =
      'exports.last = (req, res) => res.json({ at: req.app.locals.log[req.app.locals.log.length].at });\n';
    const two = templateContext(
      { 'src/log.js': inPlace },
      { kind: 'runtime_error', endpoint: 'GET /log/last', log: reading('at', 'exports.last (/app/src/log.js:1:70)') },
    );
    const again = await allCandidates(nodeOffByOne, two.context, ['src/log.js']);
    expect(again[0]!.files['src/log.js']).toContain('log[req.app.locals.log.length - 1].at');
  });

  it('leaves xs[xs.length] alone when the failing line reads something else', async () => {
    const source =
      'function tail(rows, other) {\n  const last = rows[rows.length];\n  return other.name + String(last);\n}\n' +
      'module.exports = { tail };\n';
    const { context } = templateContext(
      { 'src/tail.js': source },
      { kind: 'runtime_error', endpoint: 'GET /tail', log: reading('name', 'tail (/app/src/tail.js:3:16)') },
    );
    expect(await allCandidates(nodeOffByOne, context, ['src/tail.js'])).toEqual([]);
  });
  it("follows a parameter to the caller's loop (i = start; i <= end, end bounded by the length)", async () => {
    const source =
      'function format(row) {\n  return { id: row.id, name: row.name };\n}\n\n' +
      'function page(rows, pageNo, size) {\n  const total = rows.length;\n  const start = (pageNo - 1) * size;\n' +
      '  const end = Math.min(start + size, total);\n  const items = [];\n' +
      '  for (let i = start; i <= end; i++) {\n    items.push(format(rows[i]));\n  }\n  return { items, total };\n}\n' +
      'module.exports = { page };\n';
    const log = nodeLog("TypeError: Cannot read properties of undefined (reading 'id')", [
      'format (/app/src/page.js:2:22)',
      'page (/app/src/page.js:11:16)',
      'list (/app/src/routes.js:4:3)',
    ]);
    const { context } = templateContext(
      { 'src/page.js': source },
      { kind: 'runtime_error', endpoint: 'GET /rows', log },
    );
    const found = await allCandidates(nodeOffByOne, context, ['src/page.js']);
    expect(found[0]!.files['src/page.js']).toBe(source.replace('i <= end', 'i < end'));
  });

  it('leaves the caller alone when it passed something other than an indexed element', async () => {
    const source =
      'function format(row) {\n  return { id: row.id };\n}\n\nfunction one(rows, i) {\n' +
      '  for (let k = 0; k <= rows.length; k++) {\n    if (k === i) return format(rows.find((r) => r.n === k));\n' +
      '  }\n  return null;\n}\nmodule.exports = { one };\n';
    const log = nodeLog("TypeError: Cannot read properties of undefined (reading 'id')", [
      'format (/app/src/one.js:2:22)',
      'one (/app/src/one.js:7:25)',
    ]);
    const { context } = templateContext({ 'src/one.js': source }, { kind: 'runtime_error', endpoint: 'GET /one', log });
    expect(await allCandidates(nodeOffByOne, context, ['src/one.js'])).toEqual([]);
  });
});
