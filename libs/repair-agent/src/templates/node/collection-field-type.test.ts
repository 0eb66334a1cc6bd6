import { describe, expect, it } from 'vitest';
import { nodeCollectionField } from './collection-field.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const run = (files: Record<string, string>, field: string) =>
  allCandidates(
    nodeCollectionField,
    templateContext(files, {
      kind: 'schema_mismatch',
      endpoint: 'GET /x',
      actual: 200,
      message: `body does not match the HTTP 200 schema: /${field} must be array`,
      body: `{"id":1,"${field}":{}}`,
    }).context,
    Object.keys(files),
  );
const report = (declared: string) =>
  'export interface DailyTotal {\n  day: string;\n  litres: number;\n}\n\n' +
  `export interface MeterReport {\n  id: number;\n  dailyTotals: ${declared};\n}\n\n` +
  'export function meterReport(id: number, rows: { day: string; litres: number }[]): MeterReport {\n' +
  '  const dailyTotals = new Map<string, DailyTotal>();\n' +
  '  for (const r of rows) dailyTotals.set(r.day, { day: r.day, litres: r.litres });\n' +
  '  return { id, dailyTotals };\n}\n';

describe('node.collection-field: the declared type of the field', () => {
  it('turns the Map the interface of the same file declares into an array of its values', async () => {
    const found = await run({ 'src/services/meters.ts': report('Map<string, DailyTotal>') }, 'dailyTotals');
    expect(found.map((f) => f.candidate.key)).toEqual(['node.collection-field#map@src/services/meters.ts:14']);
    expect(found[0]!.files['src/services/meters.ts']).toBe(
      report('DailyTotal[]').replace('{ id, dailyTotals }', '{ id, dailyTotals: [...dailyTotals.values()] }'),
    );
  });

  it("turns a Set of a union, declared in the project's one other file, into Array<…>", async () => {
    const types = "export interface Badge {\n  id: number;\n  perks: ReadonlySet<'wifi' | 'sauna'>;\n}\n";
    const files = {
      'src/models/types.ts': types,
      'src/services/badges.ts':
        "import type { Badge } from '../models/types.js';\n" +
        "export const badge = (id: number): Badge => ({ id, perks: new Set(['wifi' as const]) });\n",
    };
    const found = await run(files, 'perks');
    expect(found.map((f) => f.candidate.key)).toEqual(['node.collection-field#set@src/services/badges.ts:2']);
    expect(found[0]!.files['src/models/types.ts']).toBe(
      types.replace("ReadonlySet<'wifi' | 'sauna'>", "Array<'wifi' | 'sauna'>"),
    );
    expect(found[0]!.files['src/services/badges.ts']).toContain("perks: [...new Set(['wifi' as const])]");
  });

  it("retypes only the response's declared type, never the stored record's own Set", async () => {
    const record = 'export interface Cabin {\n  id: number;\n  perks: Set<string>;\n}\n\n';
    const dto = 'export interface CabinDto {\n  id: number;\n  perks: Set<string>;\n}\n\n';
    const add =
      'export function addPerk(c: Cabin, p: string): void {\n  c.perks.add(p);\n}\n\n' +
      'export function resetPerks(c: Cabin, list: string[]): void {\n  c.perks = new Set(list);\n}\n\n';
    const untyped = record + add + 'export const toCabinDto = (c: Cabin) => ({ id: c.id, perks: c.perks });\n';
    const files = (mapper: string) => ({ 'src/models/cabin.ts': mapper });
    const bare = await run(files(untyped), 'perks');
    expect(bare.map((f) => f.files['src/models/cabin.ts'])).toEqual([
      untyped.replace('perks: c.perks', 'perks: [...c.perks]'),
    ]);
    const typed =
      record +
      dto +
      add +
      'export function toCabinDto(c: Cabin): CabinDto {\n  return { id: c.id, perks: c.perks };\n}\n';
    const found = await run(files(typed), 'perks');
    expect(found.map((f) => f.files['src/models/cabin.ts'])).toEqual([
      typed.replace(dto, dto.replace('Set<string>', 'string[]')).replace('perks: c.perks', 'perks: [...c.perks]'),
    ]);
  });

  it('leaves a declared type that is no Map, and JavaScript, as they are', async () => {
    const record = report('Record<string, DailyTotal>');
    const found = await run({ 'src/services/meters.ts': record }, 'dailyTotals');
    expect(found[0]!.files['src/services/meters.ts']).toBe(
      record.replace('{ id, dailyTotals }', '{ id, dailyTotals: [...dailyTotals.values()] }'),
    );
    const js = 'function totals(rows) {\n  const dailyTotals = new Map();\n  return { dailyTotals };\n}\n';
    const types = report('Map<string, DailyTotal>');
    const plain = await run({ 'src/totals.js': js, 'src/types.ts': types }, 'dailyTotals');
    const fromJs = plain.filter((f) => f.candidate.key.includes('@src/totals.js:'));
    expect(fromJs).toHaveLength(1);
    expect(fromJs[0]!.files['src/types.ts']).toBe(types);
  });
});
