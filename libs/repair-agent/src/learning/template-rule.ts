import { builtInTemplates } from '../templates/language-support.js';

/**
 * The general rule a learned pattern's template stands for: a built-in recipe's or template's
 * summary (`python.model-kwargs#map` → the `python.model-kwargs` template's), for the hints a
 * code generator is given. Undefined for edit templates and recipes this build does not have.
 */
export function describeFixTemplate(template: unknown): string | undefined {
  const recipe = (template as { recipe?: unknown } | null)?.recipe;
  if (typeof recipe !== 'string') return undefined;
  const id = recipe.split('#')[0];
  return builtInTemplates().find((t) => t.id === id)?.summary;
}
