import { describe, expect, it } from 'vitest';
import { patchDiffHash } from '../diff/diff-hash.js';
import { unifiedDiff } from '../diff/unified-diff.js';
import { memoryTree } from '../node/test-support/memory-tree.js';
import { createPythonProject } from '../python/python-project.js';
import { fakeInspector } from '../python/test-support/fake-python.js';
import { siteKey, type RepairTemplate } from '../templates/template.js';
import type { RootCause } from '../types.js';
import { createRecipeStrategy } from './recipe-strategy.js';
import type { StrategyContext } from './strategy.js';

// Three candidates, each replacing the file's one line with its own text.
const threeWays: RepairTemplate = {
  id: 'python.three-ways',
  language: 'python',
  summary: 'three ways',
  evidence: { kinds: ['runtime_error'] },
  async *candidates({ tree }) {
    for (const variant of ['one', 'two', 'three']) {
      await tree.write('app/x.py', `value = "${variant}"\n`);
      yield {
        key: `python.three-ways#${variant}`,
        summary: variant,
        template: { recipe: `python.three-ways#${variant}` },
      };
    }
  },
};

const cause = { kind: 'runtime_error', trace: { language: 'python' }, violations: [] } as unknown as RootCause;
const diffOf = (variant: string) =>
  unifiedDiff([{ path: 'app/x.py', before: 'value = "zero"\n', after: `value = "${variant}"\n` }]).diff;

function contextWith(excludedDiffs: string[], excludedKeys: string[] = []): StrategyContext {
  const tree = memoryTree({ 'app/x.py': 'value = "zero"\n' });
  return {
    appRoot: '/app',
    tree,
    python: createPythonProject(tree, fakeInspector([])),
    culprit: null,
    exception: null,
    attempt: 1,
    previousAttempts: [],
    policy: {} as StrategyContext['policy'],
    excluded: { recipes: new Set(excludedKeys), patterns: new Set(), diffs: new Set(excludedDiffs.map(patchDiffHash)) },
  };
}

describe('a template with several candidates', () => {
  it('skips every candidate whose exact diff was rejected, each judged on its own edits', async () => {
    const context = contextWith([diffOf('one'), diffOf('two')]);
    const mark = context.tree.mark();
    const proposal = await createRecipeStrategy([threeWays]).propose(cause, context);
    expect(proposal?.recipeId).toBe('python.three-ways#three');
    const edits = await context.tree.editsSince(mark);
    expect(unifiedDiff(edits).diff).toBe(diffOf('three'));
  });

  it('proposes nothing, and leaves the tree as it was, when every candidate was rejected', async () => {
    const context = contextWith([diffOf('one'), diffOf('two'), diffOf('three')]);
    const mark = context.tree.mark();
    expect(await createRecipeStrategy([threeWays]).propose(cause, context)).toBeNull();
    expect(await context.tree.editsSince(mark)).toEqual([]);
    expect(await context.tree.read('app/x.py')).toBe('value = "zero"\n');
  });
});

// Writes a half edit, then fails on a shape it did not expect.
const throwing: RepairTemplate = {
  id: 'python.throws',
  language: 'python',
  summary: 'throws',
  evidence: { kinds: ['runtime_error'] },
  // eslint-disable-next-line require-yield
  async *candidates({ tree }) {
    await tree.write('app/x.py', 'value = "half"\n');
    throw new TypeError("Cannot read properties of undefined (reading 'type')");
  },
};

describe('a template that throws', () => {
  it('costs its own candidates only: its edit is undone and the next template is asked', async () => {
    const context = contextWith([]);
    const mark = context.tree.mark();
    const proposal = await createRecipeStrategy([throwing, threeWays]).propose(cause, context);
    expect(proposal?.recipeId).toBe('python.three-ways#one');
    expect(unifiedDiff(await context.tree.editsSince(mark)).diff).toBe(diffOf('one'));
  });

  it('is reported, with its id, when no template had a candidate', async () => {
    const context = contextWith([]);
    await expect(createRecipeStrategy([throwing]).propose(cause, context)).rejects.toThrow(
      "python.throws: Cannot read properties of undefined (reading 'type')",
    );
    expect(await context.tree.read('app/x.py')).toBe('value = "zero"\n');
  });
});

// One fix, made at whichever of two lines applies.
const twoSites: RepairTemplate = {
  id: 'python.two-sites',
  language: 'python',
  summary: 'two sites',
  evidence: { kinds: ['runtime_error'] },
  async *candidates({ tree }) {
    for (const line of [1, 2]) {
      await tree.write('app/x.py', `value = "site ${line}"\n`);
      yield { key: siteKey('python.two-sites', 'app/x.py', line), summary: `line ${line}`, template: { recipe: 'x' } };
    }
  },
};

describe('a template that makes one fix at several sites', () => {
  it("proposes the next site once a site was rejected, after each other template's first choice", async () => {
    const rejected = [siteKey('python.two-sites', 'app/x.py', 1)];
    const first = await createRecipeStrategy([twoSites, threeWays]).propose(cause, contextWith([], rejected));
    expect(first?.recipeId).toBe('python.three-ways#one');
    const threeRejected = [...rejected, ...['one', 'two', 'three'].map((v) => `python.three-ways#${v}`)];
    const next = await createRecipeStrategy([twoSites, threeWays]).propose(cause, contextWith([], threeRejected));
    expect(next?.recipeId).toBe('python.two-sites@app/x.py:2');
  });
});
