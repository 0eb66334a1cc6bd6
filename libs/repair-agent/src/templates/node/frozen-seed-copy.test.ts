import { describe, expect, it } from 'vitest';
import { nodeFrozenSeedCopy } from './frozen-seed-copy.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// Node 20's message for an assignment to a frozen row in strict code (captured from a run).
const log = nodeLog("TypeError: Cannot assign to read only property 'storedTonnes' of object '#<Object>'", [
  'Module.createDelivery (/app/src/services/icehouses.ts:9:22)',
]);
const store = (copy: string) =>
  'const SEED_PONDS = Object.freeze([Object.freeze({ id: 1, name: "Mill" })]);\n' +
  'const SEED_HOUSES = Object.freeze([\n  Object.freeze({ id: 1, name: "Main", storedTonnes: 28.5 }),\n]);\n' +
  'export const store = { ponds: [], houses: [] };\n' +
  'export function resetStore() {\n  store.ponds = SEED_PONDS.map((row) => ({ ...row }));\n' +
  `  store.houses = ${copy};\n}\n`;
const run = (source: string) =>
  allCandidates(
    nodeFrozenSeedCopy,
    templateContext({ 'src/db/store.ts': source }, { kind: 'runtime_error', endpoint: 'POST /deliveries', log })
      .context,
    ['src/db/store.ts'],
  );

describe('node.frozen-seed-copy', () => {
  it('copies the frozen rows one by one, as the sibling table is copied', async () => {
    for (const copy of ['[...SEED_HOUSES]', 'SEED_HOUSES.slice()', 'Array.from(SEED_HOUSES)']) {
      const found = await run(store(copy));
      expect(found.map((f) => f.files['src/db/store.ts'])).toEqual([store('SEED_HOUSES.map((row) => ({ ...row }))')]);
    }
  });

  it('leaves rows copied already, rows without the property, and a store no sibling copies row by row', async () => {
    expect(await run(store('SEED_HOUSES.map((row) => ({ ...row }))'))).toEqual([]);
    expect(await run(store('[...SEED_HOUSES]').replace('storedTonnes: 28.5', 'capacity: 30'))).toEqual([]);
    const noSibling = store('[...SEED_HOUSES]').replace('SEED_PONDS.map((row) => ({ ...row }))', '[...SEED_PONDS]');
    expect(await run(noSibling)).toEqual([]);
  });
});
