import { nodeProjectFor } from '../node/node-project.js';
import { nodeRecipes } from '../recipes/node/index.js';
import type { Recipe } from '../recipes/recipe.js';
import { pythonRecipes } from '../recipes/python/index.js';
import type { SourceTree } from '../source/source-tree.js';
import type { RepairStrategy } from './strategy.js';

/** The built-in recipes of every language (Python, then Node). */
export const builtInRecipes: readonly Recipe[] = [...pythonRecipes, ...nodeRecipes];

/**
 * Built-in recipes, in order; the first that produces a fix wins (a recipe whose fix for this
 * root cause was rejected is skipped, so the next one gets its turn). A cause with a trace is
 * repaired by the recipes of the trace's language; a trace-less one (a route that answers 404,
 * a wrong status) by those of the project's languages, most files first.
 */
export function createRecipeStrategy(recipes: readonly Recipe[] = builtInRecipes): RepairStrategy {
  return {
    name: 'recipe',
    async propose(cause, context) {
      const node = nodeProjectFor(context.tree);
      const languages = cause.trace ? [cause.trace.language] : await projectLanguages(context.tree);
      for (const language of languages) {
        for (const recipe of recipes) {
          if (recipe.language !== language || context.excluded.recipes.has(recipe.id)) continue;
          const outcome = await recipe.apply({ cause, tree: context.tree, python: context.python, node, culprit: context.culprit, exception: context.exception });
          if (outcome) return { summary: outcome.summary, recipeId: recipe.id, template: outcome.template, ...(outcome.alreadyFixed ? { alreadyFixed: true } : {}) };
        }
      }
      return null;
    },
  };
}

/** The languages of a project that recipes exist for, the one with most source files first. */
export async function projectLanguages(tree: Pick<SourceTree, 'list'>): Promise<('python' | 'node')[]> {
  const files = await tree.list();
  const python = files.filter((f) => f.endsWith('.py')).length;
  const node = files.filter((f) => /\.(?:js|mjs|cjs)$/.test(f)).length;
  const found: { language: 'python' | 'node'; count: number }[] = [
    { language: 'python', count: python },
    { language: 'node', count: node },
  ];
  return found.filter((f) => f.count > 0).sort((a, b) => b.count - a.count).map((f) => f.language);
}
