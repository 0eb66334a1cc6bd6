import { describe, expect, it } from 'vitest';
import { nodeCountSequence } from './count-sequence.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const table =
  'export class Table {\n  rows = new Map();\n  async insert(row) {\n' +
  '    if (this.rows.has(row.id)) throw new Error(`duplicate primary key t.id=${row.id}`);\n' +
  '    this.rows.set(row.id, row);\n    return row;\n  }\n  count() {\n    return this.rows.size;\n  }\n}\n';
const withMaxId = table.replace(
  '  count() {',
  '  maxId() {\n    return Math.max(0, ...this.rows.keys());\n  }\n  count() {',
);
const service = (id: string) =>
  "import { db } from './db.js';\n\nexport async function create(input) {\n" +
  `  const row = {\n    id: ${id},\n    ...input,\n  };\n  return db.items.insert(row);\n}\n`;
const run = (store: string, id: string, message = 'duplicate primary key items.id=4') =>
  allCandidates(
    nodeCountSequence,
    templateContext(
      { 'src/table.ts': store, 'src/service.ts': service(id) },
      {
        kind: 'runtime_error',
        endpoint: 'POST /items',
        log: nodeLog(`Error: ${message}`, [
          'Table.insert (/app/src/table.ts:4:37)',
          'create (/app/src/service.ts:9:19)',
        ]),
      },
    ).context,
    ['src/service.ts'],
  );

describe('node.count-sequence', () => {
  it("numbers the record after the store's last id, then after the count", async () => {
    const found = await run(withMaxId, 'db.items.count()');
    expect(found.map((f) => f.files['src/service.ts'])).toEqual([
      service('db.items.maxId() + 1'),
      service('db.items.count() + 1'),
    ]);
    const plain = await run(table, 'db.items.count()');
    expect(plain.map((f) => f.files['src/service.ts'])).toEqual([service('db.items.count() + 1')]);
  });

  it('leaves an id that is no count, and another error', async () => {
    expect(await run(table, 'input.id')).toEqual([]);
    expect(await run(table, 'db.items.count()', 'items.name must be set')).toEqual([]);
  });
});
