import type { FunctionSummary } from '../../python/module-summary.js';
import { splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { callPath } from './call-path.js';
import { modelColumns } from './model-columns.js';

// SQLAlchemy's SQLite date/time types refusing a bound value that is not the Python object.
const REFUSED = /SQLite (Date|DateTime|Time) type only accepts Python (?:date|datetime|time) objects/;
// The moment turned into text: `x.isoformat()`, `x.strftime("%Y-%m-%d")`, at the end of the value.
const STRINGIFIED = /\.(?:isoformat\(\s*\)|strftime\(\s*(?:"[^"]*"|'[^']*')\s*\))(?=\s*(?:,|\)|$))/;
// The value turned into text: a name or attribute chain, or "now" made on the spot (`datetime.now(timezone.utc)`).
const VALUE =
  String.raw`(?:datetime\.)?(?:datetime|date)\.(?:now|utcnow|today)\([^()]*\)|` +
  String.raw`[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*`;
const NOW = /^(?:datetime\.)?datetime\.(?:now|utcnow|today)\(/;

/**
 * `StatementError: (builtins.TypeError) SQLite Date type only accepts Python date objects as input`
 * raised where a function flushes a model: a value bound to a column of that SQL type was turned
 * into text before it was stored (`Visit(held_on=payload.held_on.isoformat())`, or
 * `visit.held_on = when.strftime("%Y-%m-%d")`), while the column takes the date (or datetime, time)
 * itself → store the object: the trailing `.isoformat()` / `.strftime("...")` is dropped. Only
 * methods of the date/time objects count (the value was such an object before it was turned into
 * text), and only when the culprit's function (else the first project function it calls before the
 * culprit line that has any: the handler's `db.commit()` flushing what a service set) has exactly
 * one such value for a column of the type the message names, of a model the function names. "Now"
 * made on the spot as a datetime for a Date column keeps its day: `datetime.now().strftime("%Y-%m-%d")`
 * → `datetime.now().date()`. Another stringification (`str(x)`), none or several: no candidate;
 * changing the column's type would change the stored data.
 */
export const pythonStringifiedMomentColumn: RepairTemplate = {
  id: 'python.stringified-moment-column',
  language: 'python',
  summary: 'store the date/time object, not its text, in a date/time column SQLite refused the text for',
  evidence: {
    kinds: ['runtime_error', 'crash', 'test_failure'],
    exceptions: ['StatementError', 'sqlalchemy.exc.StatementError', 'TypeError'],
    culprit: true,
  },
  async *candidates({ exception, culprit, tree, python }) {
    const sqlType = REFUSED.exec(exception?.message ?? '')?.[1];
    if (!sqlType || !culprit) return;
    const fn = await python.functionAt(culprit.file, culprit.line);
    if (!fn) return;
    // The flush is often the handler's `db.commit()`, the value set by a project function it called before it.
    const called = await callPath(python, culprit.file, fn, 1, { from: fn.bodyLine, to: culprit.line });
    for (const { file, fn: where } of called) {
      const source = await tree.read(file);
      if (source === null) continue;
      const { lines, join } = splitSource(source);
      const models = await momentModels(python, tree, lines, where, sqlType);
      if (models.columns.size === 0) continue;
      // `held_on=<value>.isoformat()` (a keyword) or `<obj>.held_on = <value>.isoformat()` (an assignment).
      const site = new RegExp(
        `(?<!\\w)((?:${[...models.columns].join('|')})\\s*=(?!=)\\s*(${VALUE}))${STRINGIFIED.source}`,
        'g',
      );
      const found: number[] = [];
      for (let i = where.bodyLine - 1; i < where.endLine; i++)
        found.push(...[...lines[i]!.matchAll(site)].map(() => i));
      if (found.length === 0) {
        const dump = jsonDumped(lines, where, models.names);
        if (!dump) continue;
        lines[dump.at] = lines[dump.at]!.replace(dump.text, dump.python);
        await tree.write(file, join(lines));
        yield {
          key: 'python.stringified-moment-column#python-dump',
          summary:
            `build the model from the Python-mode dump, which keeps the ${sqlType} objects, ` +
            `at ${file}:${dump.at + 1}`,
          template: { recipe: 'python.stringified-moment-column#python-dump', sqlType },
        };
        return;
      }
      if (found.length !== 1) return;
      const at = found[0]!;
      // "Now" as a datetime for a Date column: its day (`datetime.now().date()`), not the datetime itself.
      lines[at] = lines[at]!.replace(site, (_all, kept: string, value: string) =>
        sqlType === 'Date' && NOW.test(value) ? `${kept}.date()` : kept,
      );
      await tree.write(file, join(lines));
      yield {
        key: 'python.stringified-moment-column',
        summary: `store the ${sqlType} object itself, not its text, at ${file}:${at + 1}`,
        template: { recipe: 'python.stringified-moment-column', sqlType },
      };
      return;
    }
  },
};

// Columns of the SQL type, of every model the function names (builds, loads, annotates): `held_on` of `Visit`.
async function momentModels(
  python: PythonProject,
  tree: SourceTree,
  lines: readonly string[],
  fn: FunctionSummary,
  sqlType: string,
): Promise<{ columns: Set<string>; names: Set<string> }> {
  const named = new Set(lines.slice(fn.line - 1, fn.endLine).flatMap((l) => l.match(/\b[A-Z]\w*/g) ?? []));
  const columns = new Set<string>();
  const names = new Set<string>();
  for (const name of named)
    for (const column of await modelColumns(python, tree, name))
      if (momentKind(column.type) === sqlType) {
        columns.add(column.name);
        names.add(name);
      }
  return { columns, names };
}

// `Turnout(**payload.model_dump(mode="json"))`: pydantic's JSON mode turns every date into text before the model
// gets it → the Python-mode dump, which keeps the objects. The one such call in the function, of a model with a
// column of the type.
function jsonDumped(
  lines: readonly string[],
  fn: { bodyLine: number; endLine: number },
  models: ReadonlySet<string>,
): { at: number; text: string; python: string } | null {
  const dumped = /(\b[A-Z]\w*)\(\s*\*\*\s*[A-Za-z_][\w.]*\.model_dump\(([^()]*)\)/g;
  const sites: { at: number; text: string }[] = [];
  for (let i = fn.bodyLine - 1; i < fn.endLine; i++)
    for (const m of lines[i]!.matchAll(dumped))
      if (/\bmode\s*=\s*(["'])json\1/.test(m[2]!) && models.has(m[1]!)) sites.push({ at: i, text: m[0] });
  if (sites.length !== 1) return null;
  const { at, text } = sites[0]!;
  const python = text.replace(/\bmode\s*=\s*(["'])json\1\s*,?\s*/, '').replace(/,\s*\)$/, ')');
  return { at, text, python };
}

// The SQL type of a column's declared type: `date`/`Date` → Date, `datetime`/`DateTime` → DateTime.
function momentKind(type: string | null): string | null {
  if (type === null) return null;
  if (/^(?:date|Date)$/.test(type)) return 'Date';
  if (/^(?:datetime|DateTime|TIMESTAMP|Timestamp)$/.test(type)) return 'DateTime';
  if (/^(?:time|Time)$/.test(type)) return 'Time';
  return null;
}
