import type { PatternStore } from '@smoke-repair/pattern-store';
import { instantiateEdit, fixTemplateSchema, type EditTemplate } from '../learning/edit-template.js';
import { signatureClassOf } from '../learning/signature-class.js';
import { splitSource } from '../python/python-edits.js';
import type { Recipe } from '../recipes/recipe.js';
import { projectLanguages } from '../templates/language-support.js';
import { asTemplate, fixOfKey, hasEvidence, type RepairTemplate } from '../templates/template.js';
import { builtInRecipes, firstCandidate, templateContextOf } from './recipe-strategy.js';
import type { RepairStrategy, StrategyContext } from './strategy.js';

/** Options of the learned-pattern strategy. */
export interface PatternStrategyOptions {
  readonly store: PatternStore;
  /** Recipes and templates a `recipe` pattern may name (default: the built-in ones). */
  readonly recipes?: readonly (Recipe | RepairTemplate)[];
  /** Only patterns at or above this success rate once tried (default: the store's 0.7). */
  readonly minSuccessRate?: number;
  /**
   * Which patterns this instance proposes: `promoted` ones (they go before the recipes),
   * `unpromoted` ones (candidates below the promotion threshold: after the recipes), or `all`.
   */
  readonly standing?: 'promoted' | 'unpromoted' | 'all';
}

/**
 * Learned fix patterns first (DESIGN §1.5): known fixes for this root cause's signature class,
 * or for its endpoint shape and error kind (the seed's rule), promoted ones first, each
 * instantiated at the culprit. The first that applies wins.
 */
export function createPatternStrategy(options: PatternStrategyOptions): RepairStrategy {
  const templates = (options.recipes ?? builtInRecipes).map(asTemplate);
  const standing = options.standing ?? 'all';
  return {
    name: 'pattern',
    async propose(cause, context) {
      const language = cause.trace?.language ?? (await projectLanguages(context.tree))[0];
      if (!language) return null;
      const violation = cause.violations[0];
      const known = await options.store.findKnownFixes({
        signatureClass: signatureClassOf(cause),
        language,
        ...(violation && violation.kind !== 'test_failure'
          ? { endpoint: { method: violation.method, path: violation.endpoint.replace(/^\S+\s+/, '') } }
          : {}),
        ...(violation ? { errorKind: violation.actualStatus ?? violation.kind } : {}),
        ...(options.minSuccessRate !== undefined ? { minSuccessRate: options.minSuccessRate } : {}),
      });
      for (const { pattern, match } of known) {
        if (pattern.status === 'retired' || context.excluded.patterns.has(pattern.id)) continue;
        if (standing === 'promoted' && pattern.status !== 'promoted') continue;
        if (standing === 'unpromoted' && pattern.status === 'promoted') continue;
        // A pattern that failed more often than it worked is not worth a restart.
        if (pattern.failures > pattern.successes) continue;
        const template = fixTemplateSchema.safeParse(pattern.template);
        if (!template.success) continue;
        const summary =
          `known pattern ${pattern.id} ` +
          `(${match === 'signature_class' ? 'same signature class' : 'same endpoint shape and error'},` +
          ` ${Math.round(pattern.successRate * 100)}% of ${pattern.trials})`;
        if (template.data.kind === 'recipe') {
          // The key names one candidate of a template (`id#variant`), or a single-candidate recipe.
          const key = fixOfKey((template.data as { recipe: string }).recipe);
          const fix = templates.find((t) => t.id === key.split('#')[0]);
          const templateContext = await templateContextOf(cause, context);
          if (!fix || context.excluded.recipes.has(fix.id) || !hasEvidence(fix, templateContext)) continue;
          const outcome = await firstCandidate(fix, templateContext, context, key);
          if (outcome)
            return {
              summary: `${summary}: ${outcome.summary}`,
              patternId: pattern.id,
              recipeId: outcome.recipeId,
              template: template.data,
              ...(outcome.alreadyFixed ? { alreadyFixed: true } : {}),
            };
        } else if (await applyEditTemplate(template.data, context)) {
          return {
            summary: `${summary}: edit at ${context.culprit!.file}:${context.culprit!.line}`,
            patternId: pattern.id,
            template: template.data,
          };
        }
      }
      return null;
    },
  };
}

async function applyEditTemplate(template: EditTemplate, context: StrategyContext): Promise<boolean> {
  const culprit = context.culprit;
  if (!culprit) return false;
  const source = await context.tree.read(culprit.file);
  if (source === null) return false;
  const { lines, join } = splitSource(source);
  const found = instantiateEdit(template, lines, culprit.line - 1);
  if (!found) return false;
  lines.splice(found.start, found.end - found.start, ...found.replacement);
  await context.tree.write(culprit.file, join(lines));
  return true;
}
