import { describe, expect, it } from 'vitest';
import { nodeNotNullRowMember } from './not-null-row-member.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const schema =
  'CREATE TABLE batches (\n  id INTEGER PRIMARY KEY,\n  stage TEXT NOT NULL,\n  oyster_count INTEGER NOT NULL\n);\n' +
  'CREATE TABLE harvests (\n  id INTEGER PRIMARY KEY,\n  batch_id INTEGER NOT NULL,\n  shells INTEGER NOT NULL\n);\n';
const db = 'function run(sql, params) {\n  return engine.run(sql, params);\n}\nmodule.exports = { run };\n';
const service = (body: string) =>
  "const db = require('../db');\n\nfunction harvest(batch, shells) {\n" +
  `  if (batch.stage !== 'market') throw new Error('not ready');\n` +
  `  if (shells > batch.live_count) throw new Error('only ' + batch.live_count);\n` +
  `${body}\n}\nmodule.exports = { harvest };\n`;
const update = "  db.run('UPDATE batches SET oyster_count = ? WHERE id = ?', [batch.live_count - shells, batch.id]);";
const run = (body: string, message = 'NOT NULL constraint failed: batches.oyster_count') =>
  allCandidates(
    nodeNotNullRowMember,
    templateContext(
      { 'src/db/schema.sql': schema, 'src/db/index.js': db, 'src/services/harvests.js': service(body) },
      {
        kind: 'runtime_error',
        endpoint: 'POST /harvests',
        log: nodeLog(`Error: ${message}`, [
          'Object.run (/app/src/db/index.js:2:17)',
          'harvest (/app/src/services/harvests.js:6:6)',
        ]),
      },
    ).context,
    ['src/services/harvests.js'],
  );

describe('node.not-null-row-member', () => {
  it('reads the column the UPDATE writes for a member the row lacks, at every read in the function', async () => {
    const found = await run(update);
    expect(found[0]!.files['src/services/harvests.js']).toBe(
      service(update.replace('live_count', 'oyster_count')).replaceAll('batch.live_count', 'batch.oyster_count'),
    );
  });

  it("reads the table's one column sharing a word with the member an INSERT binds", async () => {
    const insert =
      "  db.run('INSERT INTO batches (stage, oyster_count) VALUES (?, ?)', [batch.stage, batch.oyster_total]);";
    const found = await run(insert);
    expect(found[0]!.files['src/services/harvests.js']).toBe(service(insert.replace('oyster_total', 'oyster_count')));
  });

  it('leaves a member some table has, one sharing no word, and one the function assigns', async () => {
    expect(await run(update.replace('batch.live_count - shells', 'batch.shells'))).toEqual([]);
    expect(await run(update.replace('batch.live_count - shells', 'batch.remaining'))).toEqual([]);
    expect(await run(`${update}\n  batch.live_count = 3;`)).toEqual([]);
  });

  describe('a value computed in a local from a row of another table', () => {
    const tables =
      'CREATE TABLE slips (\n  id INTEGER PRIMARY KEY,\n  code TEXT NOT NULL,\n  status TEXT NOT NULL,\n' +
      '  hourly_rate_cents INTEGER NOT NULL\n);\n' +
      'CREATE TABLE hires (\n  id INTEGER PRIMARY KEY,\n  slip_id INTEGER NOT NULL,\n  hours INTEGER NOT NULL,\n' +
      '  status TEXT NOT NULL,\n  cost_cents INTEGER NOT NULL\n);\n';
    const hire = (rate: string, extra = '') =>
      "import { get, run } from '../db/index.js';\n\nexport function hireSlip(slipId: number, hours: number) {\n" +
      "  const slip = get('SELECT * FROM slips WHERE id = ?', [slipId]);\n" +
      "  if (slip.status !== 'open') throw new Error(`slip ${slip.code} is closed`);\n" +
      `  const cost = slip.${rate} * hours;${extra}\n` +
      "  run('INSERT INTO hires (slip_id, hours, cost_cents) VALUES (?, ?, ?)', [slipId, hours, cost]);\n}\n";
    const attempt = (service: string) =>
      allCandidates(
        nodeNotNullRowMember,
        templateContext(
          { 'src/db/schema.sql': tables, 'src/db/index.ts': db, 'src/services/hires.ts': service },
          {
            kind: 'runtime_error',
            endpoint: 'POST /hires',
            log: nodeLog('Error: NOT NULL constraint failed: hires.cost_cents', [
              'run (/app/src/db/index.ts:2:17)',
              'hireSlip (/app/src/services/hires.ts:7:3)',
            ]),
          },
        ).context,
        ['src/services/hires.ts'],
      );

    it("reads the column of the row's own table that shares a word with the member", async () => {
      const found = await attempt(hire('hourly_rate'));
      expect(found.map((f) => f.files['src/services/hires.ts'])).toEqual([hire('hourly_rate_cents')]);
    });

    it('leaves a row whose other members no one table holds, and a member sharing no word', async () => {
      expect(await attempt(hire('hourly_rate').replace('slip.code', 'slip.label'))).toEqual([]);
      expect(await attempt(hire('price'))).toEqual([]);
    });
  });
});
