// A table definition's entries that are constraints, not columns.
const CONSTRAINT = /^(PRIMARY|FOREIGN|UNIQUE|CHECK|CONSTRAINT)$/i;
const CREATE_TABLE = /CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?["'`[]?(\w+)["'`\]]?\s*\(/gi;

/**
 * The `CREATE TABLE` statements of one source text (a `.sql` file or a schema string in code):
 * each table (name lower-cased) with its columns in declared order. Nested parentheses
 * (`REFERENCES t(id)`, `CHECK (…)`, `DEFAULT (…)`) are skipped over; constraint entries are not
 * columns. A language's schema reader picks the files; this reads them alike.
 */
export function createTableColumns(source: string): { table: string; columns: string[] }[] {
  if (!/CREATE\s+TABLE/i.test(source)) return [];
  const out: { table: string; columns: string[] }[] = [];
  for (const m of source.matchAll(CREATE_TABLE)) {
    const columns = entries(source, m.index + m[0].length)
      .map((entry) => /^["'`[]?(\w+)/.exec(entry.trim())?.[1])
      .filter((name): name is string => name !== undefined && !CONSTRAINT.test(name));
    out.push({ table: m[1]!.toLowerCase(), columns });
  }
  return out;
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
