import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { matchingParen } from '../matching-paren.js';
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
 * them changes nothing else — the join still restricts what is found. First, `#drop-join`: an inner join
 * nothing else in the statement reads (`select(Kiln).join(Kiln.burns).where(Kiln.id == kiln_id)`) is
 * dropped instead, since it also hides every entity without joined rows (a kiln never fired answers 404).
 * A filter on anything but the selected entity's id (several different rows may really match) gets no
 * candidate.
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
    let statementLines: [number, number] = [culprit.line, culprit.line];
    if (passed && !/select\(/.test(text)) {
      const at = lines
        .slice(fn.bodyLine - 1, culprit.line - 1)
        .map((l, i) => ({ l, i: i + fn.bodyLine }))
        .reverse()
        .find(({ l }) => new RegExp(`^\\s*${passed}\\s*(?::[^=]+)?=(?!=)`).test(l));
      if (!at) return;
      statement = lines.slice(at.i - 1, statementEnd(lines, at.i)).join(' ');
      statementLines = [at.i, statementEnd(lines, at.i)];
    }
    const entity = /\bselect\(\s*([A-Z]\w*)\s*\)/.exec(statement)?.[1];
    if (!entity || !/\.(?:outer)?join\(/.test(statement)) return;
    if (!new RegExp(`\\.(?:where|filter)\\(\\s*${entity}\\.id\\s*==`).test(statement)) return;
    // An inner join nothing else in the statement reads (no filter, order or column of the joined side) only
    // repeats the entity per joined row and drops the entities with none: the join is the bug, not the read.
    const dropped = unreadJoin(lines, statementLines, entity);
    if (dropped) {
      const [line, from, to] = dropped;
      const edited = [...lines];
      edited[line - 1] = `${edited[line - 1]!.slice(0, from)}${edited[line - 1]!.slice(to)}`;
      await tree.write(culprit.file, join(edited));
      yield {
        key: 'python.join-duplicate-rows#drop-join',
        summary:
          `drop the join at ${culprit.file}:${line}: nothing reads the joined rows, which repeat ${entity} and ` +
          `hide those without any`,
        template: { recipe: 'python.join-duplicate-rows#drop-join' },
      };
      return;
    }
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

// The `.join(...)` of the statement's lines (one, on one line, inner) when the rest of the statement names no
// class but the selected entity: [line, start, end] of the call's text.
function unreadJoin(
  lines: readonly string[],
  [first, last]: [number, number],
  entity: string,
): [number, number, number] | null {
  const found: [number, number, number][] = [];
  for (let line = first; line <= last; line++) {
    const text = lines[line - 1]!;
    for (const m of text.matchAll(/\.join\(/g)) {
      const close = matchingParen(text, m.index + m[0].length - 1);
      if (close < 0) return null;
      found.push([line, m.index, close + 1]);
    }
  }
  if (found.length !== 1) return null;
  const [line, from, to] = found[0]!;
  const rest = lines
    .slice(first - 1, last)
    .map((l, i) => (first + i === line ? l.slice(0, from) + l.slice(to) : l))
    .join(' ');
  const classes = [...rest.matchAll(/(?<![\w.])([A-Z]\w*)\./g)].map((m) => m[1]!);
  return classes.every((c) => c === entity) ? found[0]! : null;
}
