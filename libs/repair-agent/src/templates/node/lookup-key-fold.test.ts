import { describe, expect, it } from 'vitest';
import { nodeLookupKeyFold } from './lookup-key-fold.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const log = nodeLog("TypeError: Cannot read properties of undefined (reading 'mixCents')", [
  'quoteJob (/app/src/services/quotes.ts:5:30)',
]);
const quotes =
  "import { INK_PRICES } from '../db/models.js';\nexport function quoteJob(job) {\n  let cost = 0;\n" +
  '  for (const ink of job.inks) {\n    const price = INK_PRICES[ink];\n    cost += price.mixCents;\n  }\n' +
  '  return cost;\n}\n';
const jobs = (check: string) =>
  "import { INK_PRICES } from '../db/models.js';\nexport function parseInks(inks) {\n" +
  `  for (const ink of inks) if (!(${check})) throw new Error('unknown ink');\n  return inks;\n}\n`;
const run = (files: Record<string, string>) =>
  allCandidates(
    nodeLookupKeyFold,
    templateContext(
      { 'src/db/models.ts': 'export const INK_PRICES = { black: { mixCents: 100 } };\n', ...files },
      { kind: 'runtime_error', endpoint: 'GET /jobs/{jobId}/quote', log: log.replace(':5:30', ':6:19') },
    ).context,
    ['src/services/quotes.ts'],
  );

describe('node.lookup-key-fold', () => {
  it("folds the key as the project's other lookup of the table does", async () => {
    const found = await run({
      'src/services/quotes.ts': quotes,
      'src/services/jobs.ts': jobs('ink.toLowerCase() in INK_PRICES'),
    });
    expect(found.map((f) => f.files['src/services/quotes.ts'])).toEqual([
      quotes.replace('INK_PRICES[ink]', 'INK_PRICES[ink.toLowerCase()]'),
    ]);
  });

  it('leaves a table the project never looks up folded', async () => {
    expect(await run({ 'src/services/quotes.ts': quotes, 'src/services/jobs.ts': jobs('ink in INK_PRICES') })).toEqual(
      [],
    );
  });
});
