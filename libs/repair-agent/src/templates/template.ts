import type { ApiModel, ApiOperation } from '@smoke-repair/smoke-validator';
import type { Recipe, RecipeContext, RecipeOutcome } from '../recipes/recipe.js';
import type { RootCauseKind } from '../types.js';

/**
 * What a template needs before it is asked for candidates. The engine checks it, so a template
 * never runs on evidence it cannot use (a 404 template without a contract, a ZeroDivisionError
 * template on a KeyError).
 */
export interface TemplateEvidence {
  /** Root-cause kinds it repairs. */
  readonly kinds: readonly RootCauseKind[];
  /**
   * Exception types it needs: a short name (`KeyError`, `IntegrityError`) from any module, a
   * dotted one (`sqlalchemy.exc.IntegrityError`) exactly; absent: any, or none.
   */
  readonly exceptions?: readonly string[];
  /** It needs the culprit's location in the app tree. */
  readonly culprit?: boolean;
  /** It needs the documented operation of the failing endpoint (OpenAPI). */
  readonly contract?: boolean;
}

/** What a template sees: a recipe's context plus the contract of the failing operation. */
export interface TemplateContext extends RecipeContext {
  /** The whole contract the smoke ran against, when known. */
  readonly contract: ApiModel | null;
  /**
   * The contract is the code's own (`app.openapi()`, test-command mode without a contract file):
   * it documents routes as declared, so it cannot say a route's method is wrong.
   */
  readonly contractFromCode?: boolean;
  /** The documented operation of the root cause's first violation, when the contract has it. */
  readonly operation: ApiOperation | null;
}

/**
 * One candidate fix, already written to the context's tree when it is yielded. `key` names it
 * among the template's candidates (`python.none-deref#raise-404`): a rejected key is not
 * proposed again for the same root cause, and a learned pattern replays the same key. A template
 * that makes one fix at whichever of several sites applies ends the key with the site
 * (`node.x@src/a.js:12`, see siteKey): a rejected site then does not hide the next one, and a
 * learned pattern replays the fix at any site.
 */
export interface TemplateCandidate extends RecipeOutcome {
  readonly key: string;
}

/** The key of a template's fix at one of several sites (`id@file:line`). */
export function siteKey(key: string, file: string, line: number): string {
  return `${key}@${file}:${line}`;
}

/** The fix a candidate key names, without its site: what a learned pattern replays. */
export function fixOfKey(key: string): string {
  const at = key.indexOf('@');
  return at < 0 ? key : key.slice(0, at);
}

/**
 * A generic fix for one class of runtime failure, driven by the trace, the code and the
 * contract — never by one app's names. `candidates` yields its fixes best first; the engine rolls
 * the tree back between them, so each candidate must read the files afresh. Validation (the
 * loop's verdict), not the template's confidence, decides which one is kept.
 */
export interface RepairTemplate {
  readonly id: string;
  /** A `LanguageSupport` id (`python`, `node`). */
  readonly language: string;
  readonly summary: string;
  readonly evidence: TemplateEvidence;
  candidates(context: TemplateContext): AsyncIterable<TemplateCandidate>;
}

/** Every kind a recipe has ever been asked about: recipes check their own evidence. */
const ANY_KIND: readonly RootCauseKind[] = [
  'crash',
  'runtime_error',
  'route_missing',
  'status_mismatch',
  'schema_mismatch',
  'test_failure',
  'connection_error',
  'timeout',
];

/** A single-candidate `Recipe` as a template (its key is the recipe's id). */
export function recipeTemplate(recipe: Recipe, evidence: TemplateEvidence = { kinds: ANY_KIND }): RepairTemplate {
  return {
    id: recipe.id,
    language: recipe.language,
    summary: recipe.summary,
    evidence,
    async *candidates(context) {
      const outcome = await recipe.apply(context);
      if (outcome) yield { ...outcome, key: recipe.id };
    },
  };
}

/** A `Recipe` or a `RepairTemplate`, as a template. */
export function asTemplate(item: Recipe | RepairTemplate): RepairTemplate {
  return 'candidates' in item ? item : recipeTemplate(item);
}

/** Whether the context holds the evidence the template declares it needs. */
export function hasEvidence(template: RepairTemplate, context: TemplateContext): boolean {
  const need = template.evidence;
  if (!need.kinds.includes(context.cause.kind)) return false;
  if (need.exceptions && !(context.exception && exceptionMatches(need.exceptions, context.exception.type)))
    return false;
  if (need.culprit && !context.culprit) return false;
  if (need.contract && !context.operation) return false;
  return true;
}

// A short name (`IntegrityError`) stands for that class from any module (`sqlite3.IntegrityError`,
// `psycopg2.IntegrityError`); a dotted one for itself.
function exceptionMatches(names: readonly string[], type: string): boolean {
  const short = type.slice(type.lastIndexOf('.') + 1);
  return names.some((n) => n === type || (!n.includes('.') && n === short));
}

/** The documented operation of an endpoint (`POST /items`), or null. */
export function operationOf(contract: ApiModel | null, endpoint: string | undefined): ApiOperation | null {
  if (!contract || !endpoint) return null;
  return contract.operations.find((op) => op.endpoint === endpoint) ?? null;
}
