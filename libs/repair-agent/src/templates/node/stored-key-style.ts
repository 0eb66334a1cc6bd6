import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { keyName, linesOf, spanOf, walk, type EsNode } from './estree.js';
import { frameSources } from './frame-sources.js';
import { caseless } from './key-case.js';

const ID = 'node.stored-key-style';
const REFUSED = [/NOT NULL constraint failed: (\w+)\.(\w+)/, /null value in column "(\w+)" of relation "(\w+)"/];

/**
 * A record is stored under a key in the other case style than its column (`db.insert('locomotives',
 * { …, owner_id: owner.id })` for the store's `ownerId`), so the store refuses it: `NOT NULL
 * constraint failed: locomotives.ownerId` → the key the column has (`ownerId: owner.id`), the
 * value kept. Only an object literal on a line of the trace's in-app frames that lacks the column
 * and has exactly one key one case style from it; never a new value.
 */
export const nodeStoredKeyStyle: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'store a record under the key its column has (camelCase vs snake_case)',
  evidence: { kinds: ['runtime_error', 'crash'] },
  async *candidates({ exception, cause, tree }) {
    const message = exception?.message ?? '';
    const refused = REFUSED.map((r) => r.exec(message)).find(Boolean);
    if (!refused) return;
    const column = message.includes('NOT NULL') ? refused[2]! : refused[1]!;
    for await (const { file, line, source, program } of frameSources(cause.trace, tree)) {
      const where = { file, line };
      for (const { node } of walk(program)) {
        const [first, last] = linesOf(node);
        if (node.type !== 'ObjectExpression' || first > where.line || where.line > last) continue;
        const properties = (node['properties'] as EsNode[]).filter((p) => p.type === 'Property' && !p['computed']);
        const names = properties.map((p) => keyName(p['key'] as EsNode));
        if (names.includes(column)) continue;
        const styled = properties.filter(
          (p, i) => names[i] !== null && names[i] !== column && caseless(names[i]!) === caseless(column),
        );
        if (styled.length !== 1) continue;
        const property = styled[0]!;
        const [start, end] = property['shorthand'] ? spanOf(property) : spanOf(property['key'] as EsNode);
        const text = property['shorthand'] ? `${column}: ${keyName(property['key'] as EsNode)!}` : column;
        await tree.write(where.file, replaceRange(source, start, end, text));
        yield {
          key: ID,
          summary:
            `store ${column}, the key its column has, not ${keyName(property['key'] as EsNode)!} ` +
            `(${where.file}:${linesOf(property)[0]})`,
          template: { recipe: ID },
        };
        return;
      }
    }
  },
};
