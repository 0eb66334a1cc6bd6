import { describe, expect, it } from 'vitest';
import { patchDiffHash, repairFromSmokeViolations } from './repair.js';
import type { RepairStrategy } from './strategies/strategy.js';
import { memorySource, shopFiles, shopViolation } from './strategies/llm/test-support/shop-fixture.js';

// A strategy that writes a fixed edit (what a recipe, a pattern or a model would propose).
function writing(name: 'recipe' | 'llm', text: string, recipeId?: string): RepairStrategy {
  return {
    name,
    async propose(_cause, context) {
      if (recipeId && context.excluded.recipes.has(recipeId)) return null;
      const file = 'app/services/orders.py';
      await context.tree.write(file, `${(await context.tree.read(file)) ?? ''}${text}`);
      return { summary: `append ${text.trim()}`, ...(recipeId ? { recipeId } : {}) };
    },
  };
}

const run = (
  strategies: RepairStrategy[],
  rejected: Parameters<typeof repairFromSmokeViolations>[1]['rejected'] = [],
) =>
  repairFromSmokeViolations([shopViolation()], {
    appRoot: '/srv/shop',
    files: memorySource(shopFiles()),
    strategies,
    inspector: { inspect: async () => [] },
    rejected,
  });

describe('candidates rejected by the loop', () => {
  it('are not proposed again: the next strategy gets its turn', async () => {
    const first = await run([writing('recipe', '# one\n', 'r-one'), writing('llm', '# two\n')]);
    expect(first.patches.map((p) => p.strategy)).toEqual(['recipe']);
    const [patch] = first.patches;
    const signatureHash = patch!.signature.hash;
    // Rejected by recipe id: the recipe strategy skips it.
    const byRecipe = await run(
      [writing('recipe', '# one\n', 'r-one'), writing('llm', '# two\n')],
      [{ signatureHash, recipeId: 'r-one', diffHash: 'x' }],
    );
    expect(byRecipe.patches.map((p) => p.summary)).toEqual(['append # two']);
    // Rejected by its exact diff: whoever proposes it again is told so, and the next one runs.
    const byDiff = await run(
      [writing('llm', '# one\n'), writing('recipe', '# three\n')],
      [{ signatureHash, diffHash: patchDiffHash(patch!.diff) }],
    );
    expect(byDiff.attempts[0]).toMatchObject({
      outcome: 'rejected',
      detail: expect.stringMatching(/already rejected/),
    });
    expect(byDiff.patches.map((p) => p.summary)).toEqual(['append # three']);
  });

  it('only for their own root cause', async () => {
    const other = await run(
      [writing('recipe', '# one\n', 'r-one')],
      [{ signatureHash: 'another-cause', recipeId: 'r-one', diffHash: 'x' }],
    );
    expect(other.patches).toHaveLength(1);
  });
});
