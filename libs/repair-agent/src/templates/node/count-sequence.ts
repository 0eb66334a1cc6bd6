import { replaceRange } from '../../node/js-edits.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { keyName, linesOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { frameSources } from './frame-sources.js';

const ID = 'node.count-sequence';
// A store refusing a second row under a key: its own message, SQLite's, Postgres'.
const DUPLICATE = /duplicate (?:primary )?key|UNIQUE constraint failed: \w+\.id\b|already exists/i;

/**
 * A new record numbered with the count of the records there are (`id: db.commissions.count()`,
 * `id: rows.length`) takes the number the last one already has, and the store refuses it
 * (`duplicate primary key commissions.id=4`) → the next number: `db.commissions.maxId() + 1` when
 * the store has a `maxId()` (ids need not be dense), else the count `+ 1`. Only an `id` property
 * of an object literal on a line of the trace's in-app frames whose value is exactly such a count.
 */
export const nodeCountSequence: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'number a new record after the last one, not with the record count',
  evidence: { kinds: ['runtime_error', 'crash'] },
  async *candidates({ exception, cause, tree }) {
    if (!DUPLICATE.test(exception?.message ?? '')) return;
    for await (const { file, line, source, program } of frameSources(cause.trace, tree)) {
      const where = { file, line };
      // The record is built a few lines above the insert that refused it: the function's literals.
      for (const { node } of walk(program)) {
        const [first, last] = linesOf(node);
        if (node.type !== 'Property' || keyName(node['key'] as EsNode) !== 'id' || last > where.line) continue;
        if (where.line - first > 15) continue;
        const value = node['value'] as EsNode;
        const count = countOf(value, source);
        if (!count) continue;
        const counted = textOf(source, value);
        const [start, end] = spanOf(value);
        const nexts = [...((await definesMaxId(tree)) ? [`${count.receiver}.maxId() + 1`] : []), `${counted} + 1`];
        for (const [i, next] of nexts.entries()) {
          await tree.write(where.file, replaceRange(source, start, end, next));
          const key = i === 0 && nexts.length > 1 ? `${ID}#max-id` : ID;
          yield {
            key,
            summary: `number the new record ${next}, not ${counted} (${where.file}:${first})`,
            template: { recipe: key },
          };
        }
        return;
      }
    }
  },
};

// `db.rows.count()`, `rows.length`, `rows.size`: the receiver whose records are counted.
function countOf(value: EsNode, source: string): { receiver: string } | null {
  if (value.type === 'CallExpression' && (value['arguments'] as EsNode[]).length === 0) {
    const callee = value['callee'] as EsNode;
    if (callee.type === 'MemberExpression' && keyName(callee['property'] as EsNode) === 'count')
      return { receiver: textOf(source, callee['object'] as EsNode) };
  }
  if (value.type === 'MemberExpression' && ['length', 'size'].includes(keyName(value['property'] as EsNode) ?? ''))
    return { receiver: textOf(source, value['object'] as EsNode) };
  return null;
}

// Whether the project defines a `maxId()` method (a store's own "last id").
async function definesMaxId(tree: SourceTree): Promise<boolean> {
  for (const file of await projectSourceFiles(tree))
    if (/\bmaxId\s*\([^)]*\)\s*(?::\s*\w+\s*)?\{/.test((await tree.read(file)) ?? '')) return true;
  return false;
}
