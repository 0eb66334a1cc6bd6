import type { SourceTree } from '../../source/source-tree.js';
import { createTableColumns } from '../shared/create-table-columns.js';

// Tests, virtualenvs and installed packages declare no table of the app's own.
const NOT_SCHEMA = /(^|\/)(tests?|\.?venv|site-packages|node_modules|migrations\/versions)\//;

/**
 * The columns of every `CREATE TABLE` a Python project declares, by table (names lower-cased),
 * read from its `.py` sources (a schema string) and `.sql` files, in declared order.
 */
export async function sqlSchemaColumns(tree: Pick<SourceTree, 'list' | 'read'>): Promise<Map<string, string[]>> {
  const tables = new Map<string, string[]>();
  for (const file of (await tree.list()).filter((f) => /\.(py|sql)$/i.test(f) && !NOT_SCHEMA.test(f))) {
    const source = await tree.read(file);
    if (source === null) continue;
    for (const { table, columns } of createTableColumns(source)) tables.set(table, columns);
  }
  return tables;
}
