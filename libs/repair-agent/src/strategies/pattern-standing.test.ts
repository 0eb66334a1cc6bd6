import { createMemoryPatternStore } from '@smoke-repair/pattern-store';
import { describe, expect, it } from 'vitest';
import { groupRootCauses } from '../group-root-causes.js';
import { signatureClassOf } from '../learning/signature-class.js';
import type { Recipe } from '../recipes/recipe.js';
import { repairFromSmokeViolations } from '../repair.js';
import { createPatternStrategy } from './pattern-strategy.js';
import { memorySource, shopFiles, shopViolation } from './llm/test-support/shop-fixture.js';

// A recipe a learned pattern can name: it appends a line to the culprit's file.
const appending: Recipe = {
  id: 'test.append',
  language: 'python',
  summary: 'append a line',
  async apply({ tree }) {
    const file = 'app/services/orders.py';
    await tree.write(file, `${(await tree.read(file)) ?? ''}# learned\n`);
    return { summary: 'append # learned', template: { recipe: 'test.append' } };
  },
};

async function storeWithPattern() {
  const store = createMemoryPatternStore();
  const [cause] = groupRootCauses([shopViolation()]);
  const attempt = await store.recordAttempt({
    signature: cause!.signature,
    strategy: 'recipe',
    pattern: {
      signatureClass: signatureClassOf(cause!),
      language: cause!.trace?.language ?? 'python',
      template: { kind: 'recipe', recipe: 'test.append' },
      description: 'append',
    },
    context: { app: 'other-app' },
  });
  await store.recordOutcome({ attemptId: attempt.id, outcome: 'fixed' });
  return { store, patternId: attempt.patternId };
}

const repair = (strategy: ReturnType<typeof createPatternStrategy>) =>
  repairFromSmokeViolations([shopViolation()], {
    appRoot: '/srv/shop',
    files: memorySource(shopFiles()),
    strategies: [strategy],
    inspector: { inspect: async () => [] },
  });

describe('pattern standing: promoted patterns before the recipes, the rest after', () => {
  it('a pattern seen once is a candidate: proposed by the unpromoted instance only', async () => {
    const { store } = await storeWithPattern();
    const promotedOnly = await repair(createPatternStrategy({ store, recipes: [appending], standing: 'promoted' }));
    expect(promotedOnly.patches).toEqual([]);
    const unpromoted = await repair(createPatternStrategy({ store, recipes: [appending], standing: 'unpromoted' }));
    expect(unpromoted.patches.map((p) => p.recipeId)).toEqual(['test.append']);
  });

  it('once promoted, it is proposed before the recipes and no longer after them', async () => {
    const { store, patternId } = await storeWithPattern();
    await store.promote({ force: true, ids: [patternId] });
    expect(
      (await repair(createPatternStrategy({ store, recipes: [appending], standing: 'promoted' }))).patches,
    ).toHaveLength(1);
    expect(
      (await repair(createPatternStrategy({ store, recipes: [appending], standing: 'unpromoted' }))).patches,
    ).toEqual([]);
  });
});
