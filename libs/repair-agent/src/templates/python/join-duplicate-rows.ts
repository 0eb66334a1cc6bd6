import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { statementEnd } from './expression-text.js';

const EXCEPTIONS = [
  'MultipleResultsFound',
  'sqlalchemy.exc.MultipleResultsFound',
  'sqlalchemy.orm.exc.MultipleResultsFound',
];
// The single-row reads that raise on a second row.
const ONE = /\.(scalar_one_or_none|scalar_one|one_or_none|one)\(\s*\)/;

/**
 * A lookup of one entity by its id through a join to a collection
 * (`select(Entry).join(Entry.lines).where(Entry.id == entry_id)` read with `.scalar_one_or_none()`)
 * gets the entity once per joined row and raises `MultipleResultsFound` → `.unique()` before the
 * single-row read: the rows are the same entity (the filter is on its own id), so deduplicating
 * them changes nothing else — the join still restricts what is found. A filter on anything but
 * the selected entity's id (several different rows may really match) gets no candidate.
 */
export const pythonJoinDuplicateRows: RepairTemplate = {
  id: 'python.join-duplicate-rows',
  language: 'python',
  summary: 'deduplicate the rows a join repeats for one entity looked up by its id',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS, culprit: true },
  async *candidates({ culprit, tree, python }) {
    if (!culprit) return;
    const source = await tree.read(culprit.file);
    const fn = await python.functionAt(culprit.file, culprit.line);
    if (source === null || !fn) return;
    const { lines, join } = splitSource(source);
    const text = lines[culprit.line - 1] ?? '';
    const read = ONE.exec(text);
    if (!read || /\.unique\(\s*\)\s*$/.test(text.slice(0, read.index))) return;
    // The statement: inline on the line, or the variable it passes, assigned earlier in the function.
    const passed = /\((\w+)\)\s*(?:\.\w+\(\s*\))*$/.exec(text.slice(0, read.index))?.[1];
    let statement = text;
    if (passed && !/select\(/.test(text)) {
      const at = lines
        .slice(fn.bodyLine - 1, culprit.line - 1)
        .map((l, i) => ({ l, i: i + fn.bodyLine }))
        .reverse()
        .find(({ l }) => new RegExp(`^\\s*${passed}\\s*(?::[^=]+)?=(?!=)`).test(l));
      if (!at) return;
      statement = lines.slice(at.i - 1, statementEnd(lines, at.i)).join(' ');
    }
    const entity = /\bselect\(\s*([A-Z]\w*)\s*\)/.exec(statement)?.[1];
    if (!entity || !/\.(?:outer)?join\(/.test(statement)) return;
    if (!new RegExp(`\\.(?:where|filter)\\(\\s*${entity}\\.id\\s*==`).test(statement)) return;
    lines[culprit.line - 1] = `${text.slice(0, read.index)}.unique()${text.slice(read.index)}`;
    await tree.write(culprit.file, join(lines));
    yield {
      key: 'python.join-duplicate-rows#unique',
      summary:
        `.unique() before .${read[1]}() at ${culprit.file}:${culprit.line}: the join repeats ${entity} once ` +
        `per joined row`,
      template: { recipe: 'python.join-duplicate-rows#unique' },
    };
  },
};
