import type { SourceTree } from '../../source/source-tree.js';

// Tests, virtualenvs and installed packages declare no table of the app's own.
const NOT_SCHEMA = /(^|\/)(tests?|\.?venv|site-packages|node_modules|migrations\/versions)\//;
// A table definition's entries that are constraints, not columns.
const CONSTRAINT = /^(PRIMARY|FOREIGN|UNIQUE|CHECK|CONSTRAINT)$/i;

/**
 * The columns of every `CREATE TABLE` a Python project declares, by table (names lower-cased),
 * read from its `.py` sources (a schema string) and `.sql` files. Nested parentheses
 * (`REFERENCES t(id)`, `CHECK (…)`) are skipped over; constraint entries are not columns.
 */
export async function sqlSchemaColumns(tree: Pick<SourceTree, 'list' | 'read'>): Promise<Map<string, string[]>> {
  const tables = new Map<string, string[]>();
  for (const file of (await tree.list()).filter((f) => /\.(py|sql)$/i.test(f) && !NOT_SCHEMA.test(f))) {
    const source = await tree.read(file);
    if (source === null || !/CREATE\s+TABLE/i.test(source)) continue;
    for (const m of source.matchAll(/CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?["'`[]?(\w+)["'`\]]?\s*\(/gi)) {
      const columns = entries(source, m.index + m[0].length)
        .map((entry) => /^["'`[]?(\w+)/.exec(entry.trim())?.[1])
        .filter((name): name is string => name !== undefined && !CONSTRAINT.test(name));
      tables.set(m[1]!.toLowerCase(), columns);
    }
  }
  return tables;
}

// The comma-separated entries from `start` (just after the opening parenthesis) to its closing one.
function entries(source: string, start: number): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = start;
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (c === '(') depth++;
    else if (c === ')' && depth-- === 0) return [...out, source.slice(from, i)];
    else if (c === ',' && depth === 0) {
      out.push(source.slice(from, i));
      from = i + 1;
    }
  }
  return out;
}
