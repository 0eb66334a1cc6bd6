import type { Recipe } from '../recipes/recipe.js';
import { pythonRecipes } from '../recipes/python/index.js';
import type { RepairStrategy } from './strategy.js';

/** Built-in recipes, in order; the first that produces a fix wins. */
export function createRecipeStrategy(recipes: readonly Recipe[] = pythonRecipes): RepairStrategy {
  return {
    name: 'recipe',
    async propose(cause, context) {
      const language = cause.trace?.language ?? 'python';
      for (const recipe of recipes) {
        if (recipe.language !== language) continue;
        const outcome = await recipe.apply({ cause, tree: context.tree, python: context.python, culprit: context.culprit, exception: context.exception });
        if (outcome) return { summary: outcome.summary, recipeId: recipe.id, template: outcome.template, ...(outcome.alreadyFixed ? { alreadyFixed: true } : {}) };
      }
      return null;
    },
  };
}
