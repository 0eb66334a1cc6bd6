/** Escaping for the HTML reports: every text and attribute value goes through `esc`. */

/** `&`, `<`, `>`, `"` and `'` as entities: safe in text and in double- or single-quoted attributes. */
export function esc(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A fragment id from any text (letters, digits, `_` and `-` kept). */
export function anchor(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]+/g, '-');
}
