import { splitSource } from '../../python/python-edits.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { causePath } from './call-path.js';
import { maskStrings, statementEnd } from './expression-text.js';

const ID = 'python.unbound-parameter-filter';
// Project functions followed from the handler through the calls it makes.
const DEPTH = 2;
// pytest's comparison of two lists: the rows answered against the rows wanted.
const LISTS = /\bassert \[.*\] == \[/;

/**
 * A query filtered by another table's column where the function's own parameter was meant:
 * `select(Grade).where(Grade.pit_id == Pit.id)` in `list_pit_grades(pit_id, …)` compares every
 * grade with every pit (an implicit cross join), so each pit answers every other pit's rows →
 * `Grade.pit_id == pit_id`. Evidence, all required: a test's assertion comparing lists (the rows
 * answered are the wrong ones); on the route's path (handler and what it calls, two deep) a
 * function with a parameter named as the filtered column, unused in that statement, which compares
 * the column with `Other.id` of a model the statement neither selects nor joins. A filter that is
 * a join's condition (`.join(Pit)`, `join_from`) or already reads the parameter is left alone.
 */
export const pythonUnboundParameterFilter: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: "filter a query by the function's parameter, not by another table's id column",
  evidence: { kinds: ['test_failure'] },
  async *candidates({ cause, tree, python }) {
    const listed = cause.violations.some((v) =>
      LISTS.test(`${v.traces[0]?.exception.message ?? ''}\n${v.message ?? ''}`),
    );
    if (!listed) return;
    for await (const { file, fn } of causePath(python, cause, DEPTH)) {
      const source = await tree.read(file);
      if (source === null) continue;
      const { lines, join } = splitSource(source);
      for (let i = fn.bodyLine - 1; i < fn.endLine; i++) {
        const end = statementEnd(lines, i + 1);
        const statement = lines.slice(i, end).map(maskStrings).join('\n');
        if (!/\.(?:where|filter)\(/.test(statement) || /\bjoin(?:_from)?\(/.test(statement)) continue;
        for (const m of statement.matchAll(/\b([A-Z]\w*)\.(\w+)\s*==\s*([A-Z]\w*)\.id\b(?!\s*\()/g)) {
          const [whole, model, column, other] = m as unknown as [string, string, string, string];
          if (model === other || !fn.params.includes(column)) continue;
          // The parameter read anywhere in the statement: the filter by it is there already.
          if (new RegExp(`(?<![\\w.])${column}\\b(?!\\s*=(?!=))`).test(statement)) continue;
          // The other model selected too (`select(Grade, Pit)`): the rows are pairs, not this bug.
          if (new RegExp(`\\bselect\\([^)]*\\b${other}\\b`).test(statement)) continue;
          const original = lines.slice(i, end);
          // Written back line by line: only the line holding the comparison changes.
          const at = original.findIndex((l) => maskStrings(l).includes(whole));
          if (at < 0) continue;
          const line = original[at]!;
          const offset = maskStrings(line).indexOf(whole);
          lines[i + at] = line.slice(0, offset) + `${model}.${column} == ${column}` + line.slice(offset + whole.length);
          await tree.write(file, join(lines));
          yield {
            key: siteKey(ID, file, i + at + 1),
            summary:
              `filter ${model}.${column} by the parameter ${column}, not ${other}.id (a cross join) at ` +
              `${file}:${i + at + 1} in ${fn.name}`,
            template: { recipe: ID },
          };
          return;
        }
        i = end - 1;
      }
    }
  },
};
