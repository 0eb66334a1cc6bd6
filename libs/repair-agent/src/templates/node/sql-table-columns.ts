import { projectSourceFiles } from '../../node/project-source-files.js';
import type { SourceTree } from '../../source/source-tree.js';
import { createTableColumns } from '../shared/create-table-columns.js';

/**
 * The columns of every `CREATE TABLE` the project declares, by table (names lower-cased), read from its JavaScript /
 * TypeScript sources (a schema string) and its `.sql` files.
 */
export async function sqlTableColumns(tree: SourceTree): Promise<Map<string, Set<string>>> {
  const files = [
    ...(await projectSourceFiles(tree)),
    ...(await tree.list()).filter((f) => /\.sql$/i.test(f) && !/(^|\/)node_modules\//.test(f)),
  ];
  const tables = new Map<string, Set<string>>();
  for (const file of files) {
    const source = await tree.read(file);
    if (source === null) continue;
    for (const { table, columns } of createTableColumns(source)) {
      const known = tables.get(table) ?? new Set<string>();
      for (const column of columns) known.add(column);
      tables.set(table, known);
    }
  }
  return tables;
}
