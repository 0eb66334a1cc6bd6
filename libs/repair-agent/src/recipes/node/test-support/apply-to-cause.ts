import { createNodeProject } from '../../../node/node-project.js';
import { memoryTree } from '../../../node/test-support/memory-tree.js';
import { createPythonProject } from '../../../python/python-project.js';
import { fakeInspector } from '../../../python/test-support/fake-python.js';
import type { RootCause } from '../../../types.js';
import type { Recipe } from '../../recipe.js';

/** Applies a recipe to a root cause (no trace: no culprit, no exception) over an in-memory project. */
export async function applyToCause(recipe: Recipe, files: Record<string, string>, cause: object) {
  const tree = memoryTree(files);
  const outcome = await recipe.apply({
    cause: cause as RootCause,
    tree,
    python: createPythonProject(tree, fakeInspector([])),
    node: createNodeProject(tree),
    culprit: null,
    exception: null,
  });
  return { outcome, tree };
}
