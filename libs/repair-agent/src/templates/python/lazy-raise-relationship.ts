import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { classBodyLines } from './class-body-lines.js';

// SQLAlchemy's message names the relationship as `'Owner.attribute'`.
const NOT_AVAILABLE = /'([A-Za-z_]\w*)\.([A-Za-z_]\w*)' is not available due to lazy='raise(?:_on_sql)?'/;

/**
 * A relationship declared `lazy="raise"` (so nobody lazy-loads it by accident) read where the
 * query did not load it: `InvalidRequestError: 'Bank.cuttings' is not available due to
 * lazy='raise'`. The request needs the collection, so it loads with its parent
 * (`lazy="selectin"`: one extra IN query, never one per row), which every query of the model then
 * has. Evidence: the message names `Owner.attribute`, and the class `Owner` declares `attribute`
 * with `relationship(…lazy="raise"…)` on one line; any other declaration gets nothing.
 */
export const pythonLazyRaiseRelationship: RepairTemplate = {
  id: 'python.lazy-raise-relationship',
  language: 'python',
  summary: 'load a lazy="raise" relationship the request reads with its parent',
  evidence: {
    kinds: ['runtime_error', 'crash', 'test_failure'],
    exceptions: ['InvalidRequestError', 'sqlalchemy.exc.InvalidRequestError'],
  },
  async *candidates({ exception, tree, python }) {
    const named = NOT_AVAILABLE.exec(exception?.message ?? '');
    if (!named) return;
    const [, owner, attribute] = named;
    const declaration = new RegExp(`^\\s+${attribute}\\s*(?::[^=]+)?=\\s*(?:\\w+\\.)?relationship\\(.*\\)\\s*$`);
    const raise = /\blazy\s*=\s*(["'])raise(?:_on_sql)?\1/;
    for await (const { file, line, text } of classBodyLines(python, tree, 'relationship(', owner)) {
      if (!declaration.test(text) || !raise.test(text)) continue;
      const { lines, join } = splitSource((await tree.read(file))!);
      lines[line - 1] = text.replace(raise, 'lazy="selectin"');
      await tree.write(file, join(lines));
      yield {
        key: 'python.lazy-raise-relationship',
        summary: `load ${owner}.${attribute} with its parent (lazy="selectin") where the request reads it`,
        template: { recipe: 'python.lazy-raise-relationship' },
      };
      return;
    }
  },
};
