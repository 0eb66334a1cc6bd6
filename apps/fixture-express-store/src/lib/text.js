/** `Blue Widget 2` → `blue-widget-2`. */
export function slugify(text) {
  return String(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Trims and collapses whitespace. */
export function tidy(text) {
  return String(text).trim().replace(/\s+/g, ' ');
}
