import { unifiedDiff } from '../diff/unified-diff.js';
import { nodeProjectFor } from '../node/node-project.js';
import type { Recipe } from '../recipes/recipe.js';
import { patchDiffHash } from '../diff/diff-hash.js';
import { builtInTemplates, languageOfTrace, projectLanguages } from '../templates/language-support.js';
import { tracedEndpoint } from '../templates/traced-endpoint.js';
import {
  asTemplate,
  fixOfKey,
  hasEvidence,
  operationOf,
  type RepairTemplate,
  type TemplateContext,
} from '../templates/template.js';
import type { RepairStrategy, StrategyContext } from './strategy.js';
import type { RootCause } from '../types.js';

/** The built-in recipes and templates of every language (Python, then Node). */
export const builtInRecipes: readonly RepairTemplate[] = builtInTemplates();

/**
 * The template engine: built-in recipes and templates, in order; the first candidate that is not
 * already known to be wrong wins. A template is asked only when its declared evidence is there;
 * its candidates come best first, and one whose key or exact diff was rejected for this root
 * cause is rolled back and the next one tried. A cause with a trace is repaired by the templates
 * of the trace's language; a trace-less one (a route that answers 404, a wrong status) by those
 * of the project's languages, most files first.
 */
export function createRecipeStrategy(templates: readonly (Recipe | RepairTemplate)[] = builtInRecipes): RepairStrategy {
  const all = templates.map(asTemplate);
  return {
    name: 'recipe',
    async propose(cause, context) {
      const languages = await languagesFor(cause, context);
      const templateContext = await templateContextOf(cause, context);
      // A template that throws (a shape its code did not expect) costs its own candidates only:
      // the next template is asked, and the error is reported when no template had one.
      let failure: unknown = null;
      // Other sites of a fix already rejected for this cause come after every other template's
      // first choice: a wrong fix at one site more often means the wrong template than the wrong site.
      // The second pass asks only the templates that held such a site back.
      const deferred = new Set<RepairTemplate>();
      const ask = async (template: RepairTemplate, otherSites: boolean) => {
        const mark = context.tree.mark();
        try {
          const held = otherSites ? undefined : () => deferred.add(template);
          return await firstCandidate(template, templateContext, context, undefined, otherSites, held);
        } catch (error) {
          if (context.signal?.aborted) throw error;
          context.tree.rollback(mark);
          failure ??= new Error(`${template.id}: ${String((error as Error | null)?.message ?? error)}`, {
            cause: error,
          });
          return null;
        }
      };
      for (const language of languages) {
        for (const template of all) {
          if (
            template.language !== language ||
            context.excluded.recipes.has(template.id) ||
            !hasEvidence(template, templateContext)
          )
            continue;
          const found = await ask(template, false);
          if (found) return found;
        }
      }
      for (const template of deferred) {
        const found = await ask(template, true);
        if (found) return found;
      }
      if (failure) throw failure;
      return null;
    },
  };
}

/**
 * The template's first candidate that is not excluded, left written in the tree; or null. A
 * candidate whose fix was rejected at another site (siteKey) is excluded unless `otherSites`
 * (`held` is told when one is held back).
 */
export async function firstCandidate(
  template: RepairTemplate,
  templateContext: TemplateContext,
  context: StrategyContext,
  wantedKey?: string,
  otherSites = true,
  held?: () => void,
): Promise<{ summary: string; recipeId: string; template: unknown; alreadyFixed?: true } | null> {
  const tree = context.tree;
  const rejectedSites = new Set([...context.excluded.recipes].map(fixOfKey));
  let mark = tree.mark();
  for await (const candidate of template.candidates(templateContext)) {
    context.signal?.throwIfAborted();
    if (candidate.alreadyFixed)
      return { summary: candidate.summary, recipeId: candidate.key, template: candidate.template, alreadyFixed: true };
    const heldBack =
      !otherSites &&
      !context.excluded.recipes.has(candidate.key) &&
      fixOfKey(candidate.key) !== candidate.key &&
      rejectedSites.has(fixOfKey(candidate.key));
    if (heldBack) held?.();
    const excluded =
      context.excluded.recipes.has(candidate.key) ||
      heldBack ||
      (wantedKey !== undefined && fixOfKey(candidate.key) !== wantedKey) ||
      context.excluded.diffs.has(patchDiffHash(unifiedDiff(await tree.editsSince(mark)).diff));
    if (!excluded) return { summary: candidate.summary, recipeId: candidate.key, template: candidate.template };
    // Rolling back drops the mark's layer: the next candidate needs a layer of its own again.
    tree.rollback(mark);
    mark = tree.mark();
  }
  tree.rollback(mark);
  return null;
}

/**
 * The template context of a root cause: the strategy context plus the failing operation's
 * contract. When the trace runs through the handler of another documented endpoint than the one
 * it was attributed to, the templates see that endpoint (see tracedEndpoint).
 */
export async function templateContextOf(cause: RootCause, context: StrategyContext): Promise<TemplateContext> {
  const contract = context.contract ?? null;
  const traced = await tracedEndpoint(cause, context.python, contract);
  const seen = traced
    ? { ...cause, violations: cause.violations.map((v) => ({ ...v, endpoint: traced })), endpoints: [traced] }
    : cause;
  return {
    cause: seen,
    tree: context.tree,
    python: context.python,
    node: nodeProjectFor(context.tree),
    culprit: context.culprit,
    exception: context.exception,
    contract,
    operation: operationOf(contract, seen.violations[0]?.endpoint),
    ...(context.contractFromCode ? { contractFromCode: true } : {}),
  };
}

async function languagesFor(cause: RootCause, context: StrategyContext): Promise<readonly string[]> {
  if (cause.trace) {
    const language = languageOfTrace(cause.trace.language);
    return language ? [language.id] : [];
  }
  return projectLanguages(context.tree);
}
