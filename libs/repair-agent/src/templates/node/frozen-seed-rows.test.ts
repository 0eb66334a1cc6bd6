import { describe, expect, it } from 'vitest';
import { nodeFrozenSeedRows } from './frozen-seed-rows.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const log = nodeLog("TypeError: Cannot assign to read only property 'rateCents' of object '#<Object>'", [
  'Object.assign (<anonymous>)',
  'update (/app/src/services/berths.ts:12:10)',
]);
const run = async (files: Record<string, string>) => {
  const { context } = templateContext(files, { kind: 'runtime_error', endpoint: 'PATCH /berths/{id}', log });
  return allCandidates(nodeFrozenSeedRows, context, Object.keys(files));
};

const helperSeed =
  'const freezeAll = <T extends object>(rows: T[]): readonly Readonly<T>[] =>\n' +
  '  Object.freeze(rows.map((row) => Object.freeze(row)));\n\n' +
  "export const SEED_BERTHS = freezeAll([{ id: 1, name: 'North', rateCents: 4200 }]);\n" +
  "export const SEED_BOATS = freezeAll([{ id: 1, name: 'Curlew' }]);\n";

describe('node.frozen-seed-rows', () => {
  it('copies the rows where a reset spreads the arrays of seeds a helper freezes row by row', async () => {
    const store = (berths: string, boats: string) =>
      "import { SEED_BERTHS, SEED_BOATS } from './seed.js';\n" +
      'export const db = { berths: [] as unknown[], boats: [] as unknown[] };\n' +
      `export function reset(): void {\n  db.berths = ${berths};\n  db.boats = ${boats};\n}\n`;
    const found = await run({
      'src/db/seed.ts': helperSeed,
      'src/db/store.ts': store('[...SEED_BERTHS]', 'SEED_BOATS.slice()'),
    });
    expect(found.map((f) => f.files['src/db/store.ts'])).toEqual([
      store('SEED_BERTHS.map((row) => ({ ...row }))', 'SEED_BOATS.map((row) => ({ ...row }))'),
    ]);
  });

  it('copies the rows of Object.freeze([Object.freeze({…})]) handed to a store constructor', async () => {
    const seed =
      "const berths = Object.freeze([Object.freeze({ id: 1, name: 'North', rateCents: 4200 })]);\n" +
      'export const tables = { berths: new Table(berths) };\n';
    const found = await run({ 'src/db/tables.js': seed });
    expect(found.map((f) => f.files['src/db/tables.js'])).toEqual([
      seed.replace('new Table(berths)', 'new Table(berths.map((row) => ({ ...row })))'),
    ]);
  });

  it('near miss: rows already copied, arrays frozen but not their rows, or no row with the property', async () => {
    const copied =
      "import { SEED_BERTHS } from './seed.js';\nexport const rows = SEED_BERTHS.map((row) => ({ ...row }));\n";
    expect(await run({ 'src/db/seed.ts': helperSeed, 'src/db/store.ts': copied })).toEqual([]);
    const arrayOnly =
      'export const SEED = Object.freeze([{ id: 1, rateCents: 4200 }]);\nexport const rows = [...SEED];\n';
    expect(await run({ 'src/db/seed.ts': arrayOnly })).toEqual([]);
    const other = helperSeed.replace('rateCents: 4200', 'feeCents: 4200');
    const spread = "import { SEED_BERTHS } from './seed.js';\nexport const rows = [...SEED_BERTHS];\n";
    expect(await run({ 'src/db/seed.ts': other, 'src/db/store.ts': spread })).toEqual([]);
  });
});
