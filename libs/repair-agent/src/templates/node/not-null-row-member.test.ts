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
});
