import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { maskStrings, statementEnd } from './expression-text.js';

// What `dict()` says when handed a tuple-like row instead of a mapping or a sequence of pairs.
const NOT_A_MAPPING = new RegExp(
  String.raw`^(?:cannot convert dictionary update sequence element #\d+ to a sequence|` +
    String.raw`dictionary update sequence element #\d+ has length \d+; 2 is required)`,
);

/**
 * SQLAlchemy 2 result rows are named tuples, not mappings: `dict(row)` over a select's rows
 * fails (`TypeError: cannot convert dictionary update sequence element #0 to a sequence`, or
 * `ValueError: … has length 5; 2 is required`) → `dict(row._mapping)`, the row's own mapping
 * view, every labelled column kept. Only on the culprit's statement, for a `dict(<name>)` whose
 * name the function binds by iterating (`for row in rows`, a comprehension) in a module that
 * works through SQLAlchemy; a raw `sqlite3.Row` (a mapping already) never gets here.
 */
export const pythonRowMappingDict: RepairTemplate = {
  id: 'python.row-mapping-dict',
  language: 'python',
  summary: "build a dict from a SQLAlchemy row's mapping view, not the tuple-like row",
  evidence: {
    kinds: ['runtime_error', 'crash', 'test_failure'],
    exceptions: ['TypeError', 'ValueError'],
    culprit: true,
  },
  async *candidates({ exception, culprit, tree, python }) {
    if (!culprit || !NOT_A_MAPPING.test(exception?.message ?? '')) return;
    const source = await tree.read(culprit.file);
    const module = (await python.modules()).get(culprit.file);
    if (source === null || !module) return;
    const sqlalchemy = module.imports.some((i) => (i.module ?? i.names[0]?.name ?? '').split('.')[0] === 'sqlalchemy');
    if (!sqlalchemy) return;
    const { lines, join } = splitSource(source);
    const fn = await python.functionAt(culprit.file, culprit.line);
    const body = fn
      ? lines
          .slice(fn.bodyLine - 1, fn.endLine)
          .map(maskStrings)
          .join('\n')
      : '';
    const end = statementEnd(lines, culprit.line);
    for (let i = culprit.line - 1; i < end; i++) {
      const masked = maskStrings(lines[i]!);
      for (const m of masked.matchAll(/\bdict\(\s*(\w+)\s*\)/g)) {
        const name = m[1]!;
        if (!new RegExp(`\\bfor\\s+${name}\\s+in\\b`).test(body)) continue;
        const at = m.index;
        lines[i] = `${lines[i]!.slice(0, at)}dict(${name}._mapping)${lines[i]!.slice(at + m[0].length)}`;
        await tree.write(culprit.file, join(lines));
        yield {
          key: 'python.row-mapping-dict',
          summary:
            `dict(${name}._mapping) at ${culprit.file}:${i + 1}: ` + 'a SQLAlchemy row is a named tuple, not a mapping',
          template: { recipe: 'python.row-mapping-dict' },
        };
        return;
      }
    }
  },
};
