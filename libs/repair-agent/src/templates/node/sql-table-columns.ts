import { projectSourceFiles } from '../../node/project-source-files.js';
import type { SourceTree } from '../../source/source-tree.js';

// A table definition's entries that are constraints, not columns.
const CONSTRAINT = /^(PRIMARY|FOREIGN|UNIQUE|CHECK|CONSTRAINT)$/i;

/**
 * The columns of every `CREATE TABLE` the project declares, by table (names lower-cased), read from its JavaScript /
 * TypeScript sources (a schema string) and its `.sql` files. Nested parentheses (`REFERENCES t(id)`, `CHECK (…)`,
 * `DEFAULT (…)`) are skipped over, and constraint entries are not columns.
 */
export async function sqlTableColumns(tree: SourceTree): Promise<Map<string, Set<string>>> {
  const files = [
    ...(await projectSourceFiles(tree)),
    ...(await tree.list()).filter((f) => /\.sql$/i.test(f) && !/(^|\/)node_modules\//.test(f)),
  ];
  const tables = new Map<string, Set<string>>();
  for (const file of files) {
    const source = await tree.read(file);
    if (source === null || !/CREATE\s+TABLE/i.test(source)) continue;
    for (const m of source.matchAll(/CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?["'`[]?(\w+)["'`\]]?\s*\(/gi)) {
      const columns = tables.get(m[1]!.toLowerCase()) ?? new Set<string>();
      for (const entry of entries(source, m.index + m[0].length)) {
        const name = /^["'`[]?(\w+)/.exec(entry.trim())?.[1];
        if (name && !CONSTRAINT.test(name)) columns.add(name);
      }
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
