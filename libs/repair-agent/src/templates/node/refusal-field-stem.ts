import { words } from '../../similarity.js';

/**
 * The documented request field a refused request's guard misreads under a plural of its first word
 * (`body.tines` where the contract documents `tineCount` and the refusal says "tineCount must be an
 * integer between 6 and 40"): the one documented field that the refusal's text names, that the
 * function never reads under its own name, and whose words hold every word of the read name, a
 * plural read as its singular (`tines` → `tine`). `closestFieldName` keeps plurals apart on purpose
 * (`task_count` is no `tasks`); only a refusal naming the field, beside a read of no documented
 * name, says the two are the one value. Undefined when no single field fits.
 */
export function refusedFieldStem(
  name: string,
  documented: readonly string[],
  refusal: string,
  readNames: ReadonlySet<string>,
): string | undefined {
  const own = words(name).map(singular);
  if (own.length === 0 || own.some((w) => w.length < 3)) return undefined;
  const fits = documented.filter(
    (field) =>
      !readNames.has(field) &&
      new RegExp(`\\b${field}\\b`).test(refusal) &&
      own.every((w) => words(field).map(singular).includes(w)),
  );
  return fits.length === 1 ? fits[0] : undefined;
}

// `tines` → `tine`, `boxes` → `box`, `categories` → `category`; `glass`, `status` stay as they are.
function singular(word: string): string {
  if (word.length <= 3 || /(?:ss|us|is)$/.test(word)) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(?:x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  return word.endsWith('s') ? word.slice(0, -1) : word;
}
