/**
 * The items of a `SELECT … FROM` list (`DISTINCT` left out), split at top-level commas and trimmed
 * (`COUNT(a, b) AS n` stays one item); null when the SQL does not start with one.
 */
export function selectListItems(sql: string): string[] | null {
  const list = /^\s*SELECT\s+(?:DISTINCT\s+)?([\s\S]+?)\s+FROM\s/i.exec(sql)?.[1];
  if (!list) return null;
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of list) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      items.push(current.trim());
      current = '';
    } else current += c;
  }
  items.push(current.trim());
  return items;
}
