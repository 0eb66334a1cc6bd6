import { closestFieldName } from '../../similarity.js';
import { maskStrings } from './expression-text.js';

/**
 * A returned dict literal that writes a value under a key the response schema does not document
 * (`"owner": dog.owner.full_name`) while a required field naming that key is missing
 * (`owner_name`): the response model drops the key and refuses the dict, so the key is the
 * field misnamed → the statement's text with those keys renamed. Every missing field must name
 * exactly one undocumented key (by spelling or words: `closestFieldName`), no key two fields,
 * and each key must be written once in the literal; otherwise null (nothing is guessed).
 */
export function renameMisnamedKeys(
  text: string,
  given: readonly string[],
  missing: readonly string[],
  documented: readonly string[],
): string | null {
  const undocumented = given.filter((k) => !documented.includes(k));
  if (missing.length === 0 || undocumented.length === 0) return null;
  const renames = new Map<string, string>();
  for (const field of missing) {
    const key = closestFieldName(field, undocumented);
    if (!key || [...renames.values()].includes(key)) return null;
    renames.set(field, key);
  }
  let out = text;
  for (const [field, key] of renames) {
    const masked = maskStrings(out);
    const at = [...out.matchAll(new RegExp(`(["'])${key}\\1(?=\\s*:)`, 'g'))].filter((m) =>
      /^["'] *["']/.test(masked.slice(m.index)),
    );
    if (at.length !== 1) return null;
    const quote = at[0]![1]!;
    out = `${out.slice(0, at[0]!.index)}${quote}${field}${quote}${out.slice(at[0]!.index + at[0]![0].length)}`;
  }
  return out;
}
