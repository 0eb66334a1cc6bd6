import { describe, expect, it } from 'vitest';
import { nodeStoredKeyStyle } from './stored-key-style.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const store =
  "const SCHEMA = { locos: ['name', 'ownerId'] };\nfunction insert(table, record) {\n" +
  '  for (const c of SCHEMA[table]) {\n' +
  '    if (record[c] === undefined) throw new Error(`NOT NULL constraint failed: ${table}.${c}`);\n' +
  '  }\n  return record;\n}\nmodule.exports = { insert };\n';
const service = (record: string) =>
  "const db = require('../store/db');\n\nfunction create(data) {\n  const owner = { id: data.ownerId };\n" +
  `  return db.insert('locos', {\n    name: data.name,\n    ${record},\n  });\n}\nmodule.exports = { create };\n`;
const run = (record: string, message = 'NOT NULL constraint failed: locos.ownerId') =>
  allCandidates(
    nodeStoredKeyStyle,
    templateContext(
      { 'src/store/db.js': store, 'src/services/locos.js': service(record) },
      {
        kind: 'runtime_error',
        endpoint: 'POST /locos',
        log: nodeLog(`Error: ${message}`, [
          'insert (/app/src/store/db.js:4:44)',
          'create (/app/src/services/locos.js:5:13)',
        ]),
      },
    ).context,
    ['src/services/locos.js'],
  );

describe('node.stored-key-style', () => {
  it("stores the record under its column's key when the literal has it in the other case style", async () => {
    const found = await run('owner_id: owner.id');
    expect(found[0]!.files['src/services/locos.js']).toBe(service('ownerId: owner.id'));
    const shorthand = await run('owner_id');
    expect(shorthand[0]!.files['src/services/locos.js']).toBe(service('ownerId: owner_id'));
  });

  it('leaves a literal with no such key, one that has the column, and another message', async () => {
    expect(await run('owner: owner.id')).toEqual([]);
    expect(await run('ownerId: owner.id, owner_id: 1')).toEqual([]);
    expect(await run('owner_id: owner.id', 'owner not found')).toEqual([]);
  });
});
