import { describe, expect, it } from 'vitest';
import { nodePendingArgument } from './pending-argument.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const species =
  'async function getSpecies(id) {\n  return { id, growthRate: "slow" };\n}\nmodule.exports = { getSpecies };\n';
const valuation =
  'function estimate(tree, species) {\n  const m = { slow: 2 }[species.growthRate];\n' +
  '  if (m === undefined) throw new Error(`unknown growth rate: ${species.growthRate}`);\n' +
  '  return { value: tree.price * m };\n}\nmodule.exports = { estimate };\n';
const controller = (get: string) =>
  "const speciesService = require('./species');\nconst valuationService = require('./valuation');\n\n" +
  `async function value(req, res) {\n  const species = ${get};\n` +
  '  res.json(valuationService.estimate({ price: 1 }, species));\n}\nmodule.exports = { value };\n';
const run = (get: string) =>
  allCandidates(
    nodePendingArgument,
    templateContext(
      { 'src/species.js': species, 'src/valuation.js': valuation, 'src/controller.js': controller(get) },
      {
        kind: 'runtime_error',
        endpoint: 'GET /trees/{id}/valuation',
        log: nodeLog('Error: unknown growth rate: undefined', [
          'estimate (/app/src/valuation.js:3:29)',
          'value (/app/src/controller.js:6:32)',
        ]),
      },
    ).context,
    ['src/controller.js'],
  );

describe('node.pending-argument', () => {
  it('awaits the async call whose Promise the handler hands on as the value', async () => {
    const found = await run('speciesService.getSpecies(1)');
    expect(found[0]!.files['src/controller.js']).toBe(controller('await speciesService.getSpecies(1)'));
  });

  it('leaves an awaited call and a call of a function that is not async', async () => {
    expect(await run('await speciesService.getSpecies(1)')).toEqual([]);
    expect(await run('speciesService.lookup(1)')).toEqual([]);
  });
});
