import { offsetOf, renameInRange } from '../../node/js-edits.js';
import { closestName } from '../../similarity.js';
import { nodeProjectFor } from '../../node/node-project.js';
import type { Recipe } from '../recipe.js';
import { culpritModule, namesInScope, undefinedName } from './scope.js';

/** `ReferenceError: x is not defined` with a close name in scope (a local, an import, a global) → that name. */
export const nodeNameTypo: Recipe = {
  id: 'node.name-typo',
  language: 'node',
  summary: 'replace a misspelt name with the closest name in scope',
  async apply({ exception, culprit, tree, node: given }) {
    const node = given ?? nodeProjectFor(tree);
    const name = undefinedName(exception);
    if (!name || !culprit) return null;
    const module = await culpritModule(node, culprit.file);
    const source = await tree.read(culprit.file);
    if (!module || source === null) return null;
    const replacement = closestName(name, namesInScope(module, culprit.line));
    if (!replacement) return null;
    const updated = renameInRange(
      source,
      offsetOf(source, culprit.line),
      offsetOf(source, culprit.line + 1),
      name,
      replacement,
      false,
    );
    if (!updated) return null;
    await tree.write(culprit.file, updated);
    return {
      summary: `rename ${name} to ${replacement} at ${culprit.file}:${culprit.line}`,
      template: { recipe: 'node.name-typo', from: name, to: replacement },
    };
  },
};
