import { describe, expect, it } from 'vitest';
import { repairFromSmokeViolations } from './repair.js';
import type { RepairStrategy } from './strategies/strategy.js';
import { memorySource, shopFiles, shopViolation } from './strategies/llm/test-support/shop-fixture.js';

// Two failures of one bug that are separate root causes (two tests, as test-command mode has them).
const first = shopViolation();
const second = {
  ...first,
  scenarioId: 'tests/test_orders.py::test_second',
  signature: { ...first.signature, hash: `${first.signature.hash}-2`, key: `${first.signature.key} (second test)` },
};

// Rewrites the culprit line (a guard, a rename) or, as a near miss, appends elsewhere.
function rewriting(at: 'culprit' | 'end'): RepairStrategy {
  return {
    name: 'recipe',
    async propose(_cause, context) {
      const file = context.culprit!.file;
      const lines = ((await context.tree.read(file)) ?? '').split('\n');
      if (at === 'culprit') lines[context.culprit!.line - 1] = `${lines[context.culprit!.line - 1]}  # guarded`;
      else lines.push(`# note ${lines.length}`);
      await context.tree.write(file, lines.join('\n'));
      return { summary: `edit at ${at}` };
    },
  };
}

const run = (strategy: RepairStrategy) =>
  repairFromSmokeViolations([first, second], {
    appRoot: '/srv/shop',
    files: memorySource(shopFiles()),
    strategies: [strategy],
    inspector: { inspect: async () => [] },
  });

describe('two root causes failing at one line in one round', () => {
  it('the second waits for the first one’s patch: no edit written on top of it', async () => {
    const result = await run(rewriting('culprit'));
    expect(result.rootCauses).toHaveLength(2);
    expect(result.patches).toHaveLength(1);
    expect(result.patches[0]!.diff.match(/# guarded/g)).toHaveLength(1);
    expect(result.attempts[1]).toMatchObject({
      outcome: 'no_proposal',
      detail: expect.stringMatching(/^deferred: a patch of this round already rewrote app\/services\/orders\.py:\d+/),
    });
  });

  it('a patch elsewhere in the file does not hold the second back', async () => {
    const result = await run(rewriting('end'));
    expect(result.patches).toHaveLength(2);
  });
});
