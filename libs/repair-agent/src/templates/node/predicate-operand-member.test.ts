import { describe, expect, it } from 'vitest';
import { nodePredicateOperandMember } from './predicate-operand-member.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// Node 20's message for a member read on the undefined a search returned (captured from a run).
const run = (files: Record<string, string>, file: string, line: number, member = 'stock') =>
  allCandidates(
    nodePredicateOperandMember,
    templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'POST /brews',
      expected: 201,
      log: nodeLog(`TypeError: Cannot read properties of undefined (reading '${member}')`, [
        `Object.startBrew (/app/${file}:${line}:13)`,
      ]),
    }).context,
    [file],
  );

const SEED =
  'module.exports = {\n  vats: [\n    { id: 1, grain: "barley", stock: 40 },\n' +
  '    { id: 2, grain: "rye", stock: 9 },\n  ],\n  recipes: [\n' +
  '    { id: 1, name: "Dark", mashGrain: "rye", litres: 20 },\n' +
  '    { id: 2, name: "Pale", mashGrain: "barley", litres: 30 },\n  ],\n};\n';

const service = (predicate: string, picked = '.sort((a, b) => b.stock - a.stock)[0]') =>
  "const { store, findById } = require('../db/store');\n\nfunction startBrew(data) {\n" +
  "  const recipe = findById('recipes', data.recipeId);\n" +
  `  const vat = store.vats.filter((v) => ${predicate})${picked};\n` +
  '  if (vat.stock < recipe.litres) throw new Error(`not enough ${recipe.mashGrain}`);\n' +
  '  vat.stock -= recipe.litres;\n  return { recipeId: recipe.id, vatId: vat.id };\n}\n' +
  'module.exports = { startBrew };\n';

describe('node.predicate-operand-member', () => {
  it("searches by the member the outside record's kind has (filter, sorted, first item)", async () => {
    const source = service('v.grain === recipe.grain');
    const found = await run({ 'src/db/seed.js': SEED, 'src/services/brews.js': source }, 'src/services/brews.js', 6);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.predicate-operand-member']);
    expect(found[0]!.files['src/services/brews.js']).toBe(service('v.grain === recipe.mashGrain'));
  });

  it('does the same for a find, the operand on the left (TypeScript)', async () => {
    const source = service('recipe.grain === v.grain', '').replace('.filter(', '.find(');
    const found = await run({ 'src/db/seed.ts': SEED, 'src/services/brews.ts': source }, 'src/services/brews.ts', 6);
    expect(found[0]!.files['src/services/brews.ts']).toBe(source.replace('recipe.grain ===', 'recipe.mashGrain ==='));
  });

  it("near miss: a member the kind has, the item's own member, no kind holding the other reads", async () => {
    const files = (source: string) => ({ 'src/db/seed.js': SEED, 'src/services/brews.js': source });
    expect(await run(files(service('v.grain === recipe.mashGrain')), 'src/services/brews.js', 6)).toEqual([]);
    expect(await run(files(service('v.cereal === recipe.mashGrain')), 'src/services/brews.js', 6)).toEqual([]);
    const unknown = SEED.replace(/mashGrain/g, 'malt');
    const source = service('v.grain === recipe.grain');
    expect(await run({ ...files(source), 'src/db/seed.js': unknown }, 'src/services/brews.js', 6)).toEqual([]);
  });
});
