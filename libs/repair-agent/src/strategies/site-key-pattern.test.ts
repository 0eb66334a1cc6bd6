import { createMemoryPatternStore } from '@smoke-repair/pattern-store';
import { describe, expect, it } from 'vitest';
import { groupRootCauses } from '../group-root-causes.js';
import { signatureClassOf } from '../learning/signature-class.js';
import { repairFromSmokeViolations } from '../repair.js';
import { siteKey, type RepairTemplate } from '../templates/template.js';
import { createPatternStrategy } from './pattern-strategy.js';
import { createRecipeStrategy } from './recipe-strategy.js';
import type { RepairStrategy } from './strategy.js';
import { memorySource, shopFiles, shopViolation } from './llm/test-support/shop-fixture.js';

// One fix, made at the culprit's file: keyed by its site, as a template with several sites keys it.
const FILE = 'app/services/orders.py';
const sited: RepairTemplate = {
  id: 'test.sited',
  language: 'python',
  summary: 'append a line',
  evidence: { kinds: ['runtime_error', 'crash'] },
  async *candidates({ tree }) {
    await tree.write(FILE, `${(await tree.read(FILE)) ?? ''}# learned\n`);
    yield { key: siteKey('test.sited', FILE, 1), summary: 'append # learned', template: { recipe: 'test.sited' } };
  },
};

const repair = (strategy: RepairStrategy) =>
  repairFromSmokeViolations([shopViolation()], {
    appRoot: '/srv/shop',
    files: memorySource(shopFiles()),
    strategies: [strategy],
    inspector: { inspect: async () => [] },
  });

describe('a fix keyed by its site', () => {
  it('is learned as the fix, without the site, and a learned pattern replays it', async () => {
    const made = await repair(createRecipeStrategy([sited]));
    expect(made.patches.map((p) => p.recipeId)).toEqual(['test.sited@app/services/orders.py:1']);
    const template = made.patches[0]!.pattern!.template;
    expect(template).toEqual({ kind: 'recipe', recipe: 'test.sited' });

    const store = createMemoryPatternStore();
    const [cause] = groupRootCauses([shopViolation()]);
    const attempt = await store.recordAttempt({
      signature: cause!.signature,
      strategy: 'recipe',
      pattern: { signatureClass: signatureClassOf(cause!), language: 'python', template, description: 'append' },
      context: { app: 'other-app' },
    });
    await store.recordOutcome({ attemptId: attempt.id, outcome: 'fixed' });
    const replayed = await repair(createPatternStrategy({ store, recipes: [sited], standing: 'all' }));
    expect(replayed.patches.map((p) => p.patternId)).toEqual([attempt.patternId]);
  });
});
