import { describe, expect, it } from 'vitest';
import { nodeCollectionField } from './collection-field.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const run = (files: Record<string, string>, message: string, body: string) =>
  allCandidates(
    nodeCollectionField,
    templateContext(files, { kind: 'schema_mismatch', endpoint: 'GET /x', actual: 200, message, body }).context,
    Object.keys(files),
  );

describe('node.collection-field', () => {
  it('sends the values of a local Map a report returns (TypeScript service)', async () => {
    const service =
      'export async function yieldReport(rows: Row[]) {\n  const byVariety = new Map<number, Total>();\n' +
      '  for (const r of rows) byVariety.set(r.id, { id: r.id, kg: r.kg });\n' +
      '  return { season: 2026, byVariety };\n}\n';
    const found = await run(
      { 'src/services/reports.ts': service },
      'body does not match the HTTP 200 schema: /byVariety must be array',
      '{"season":2026,"byVariety":{}}',
    );
    expect(found.map((f) => f.candidate.key)).toEqual(['node.collection-field#map@src/services/reports.ts:4']);
    expect(found[0]!.files['src/services/reports.ts']).toContain(
      '  return { season: 2026, byVariety: [...byVariety.values()] };',
    );
    const written = service.replace('{ season: 2026, byVariety }', '{ season: 2026, byVariety: byVariety }');
    const again = await run(
      { 'src/services/reports.ts': written },
      'body does not match the HTTP 200 schema: /byVariety must be array',
      '{"season":2026,"byVariety":{}}',
    );
    expect(again[0]!.files['src/services/reports.ts']).toContain('byVariety: [...byVariety.values()] };');
  });

  it('spreads a Set the record stores where the mapper reads it (CommonJS)', async () => {
    const files = {
      'src/repositories/huts.js':
        "const seed = require('../data/seed.json');\n" +
        'const huts = seed.huts.map((h) => ({ ...h, amenities: new Set(h.amenities) }));\n' +
        'exports.findById = async (id) => huts.find((h) => h.id === id);\n',
      'src/mappers/hut.js': 'exports.toHutDto = (hut) => ({ id: hut.id, name: hut.name, amenities: hut.amenities });\n',
    };
    const found = await run(
      files,
      'body does not match the HTTP 200 schema: /amenities must be array',
      '{"id":1,"name":"Alpine","amenities":{}}',
    );
    // One key per site, so the engine tries the store after a rejected read.
    expect(found.map((f) => f.candidate.key)).toEqual([
      'node.collection-field#set@src/mappers/hut.js:1',
      'node.collection-field#set@src/repositories/huts.js:2',
    ]);
    expect(found[0]!.files['src/mappers/hut.js']).toContain('amenities: [...hut.amenities] });');
  });

  it('leaves a field whose {} is no Set or Map, and an array field that arrived as an array, alone', async () => {
    const files = { 'src/mappers/hut.js': 'exports.toHutDto = (hut) => ({ id: hut.id, amenities: hut.extras });\n' };
    expect(await run(files, 'body does not match: /amenities must be array', '{"id":1,"amenities":{}}')).toEqual([]);
    expect(await run(files, 'body does not match: /amenities must be array', '{"id":1,"amenities":[1]}')).toEqual([]);
  });
});
