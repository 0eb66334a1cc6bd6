import { splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { declaredMoment } from './declared-moment.js';
import { maskStrings } from './expression-text.js';

// `can't compare datetime.datetime to datetime.date` (either order).
// Or their difference: `unsupported operand type(s) for -: 'datetime.date' and 'datetime.datetime'`.
const DATE_VS_DATETIME = new RegExp(
  String.raw`can't compare datetime\.(?:datetime to datetime\.date|date to datetime\.datetime)|` +
    String.raw`unsupported operand type\(s\) for -: ` +
    String.raw`'datetime\.(?:date' and 'datetime\.datetime|datetime' and 'datetime\.date)'`,
);
// The current moment as a datetime: `datetime.utcnow()`, `datetime.now()`, `datetime.now(timezone.utc)`,
// `datetime.today()`.
const NOW = /\b(?:datetime\.)?datetime\.(?:utcnow|now|today)\((?:[^()]|\([^()]*\))*\)(?!\s*\.\s*date\(\))/g;
// Today as a date, compared with a stored value (a name or attribute chain) on either side.
const TODAY = /(?<![\w.])(?:datetime\.)?date\.today\(\)/g;
const OPERAND_BEFORE = /(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*(?:[<>]=?|[!=]=|-)\s*$/;
const OPERAND_AFTER = /^\s*(?:[<>]=?|[!=]=|-)\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(?![\w.([])/;

/**
 * A `date` (a `Date` column: an expiry day) compared with the current moment as a `datetime`
 * (`expires_on >= datetime.utcnow()`) raises `TypeError: can't compare datetime.datetime to
 * datetime.date` → the moment's day, `datetime.utcnow().date()`, keeping the clock the code chose
 * (UTC or local). Only a "now" call on the culprit line is rewritten, and only when there is one.
 * `#day`: a stored datetime compared with today's date (`r.starts_at >= date.today()`) is compared
 * by its day, `r.starts_at.date()` — the same question at the granularity the code asked it.
 * `#declared`: two values (`payload.turned_at < wheel.made_on`) whose fields the project's classes
 * declare one a `datetime` and the other a `date` — the datetime is compared by its day. A
 * difference of the two (`date.today() - graft.grafted_at`: `unsupported operand type(s) for -`)
 * is taken the same way, in days (`graft.grafted_at.date()`). Fields
 * declared nowhere, or both ways, are a modelling question, not this template's.
 */
export const pythonDateDatetimeCompare: RepairTemplate = {
  id: 'python.date-datetime-compare',
  language: 'python',
  summary: "compare a date with today's date, not with the current datetime",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    if (!exception || !culprit || !DATE_VS_DATETIME.test(exception.message)) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    const text = lines[culprit.line - 1] ?? '';
    const code = maskStrings(text).slice(0, codeEnd(text));
    const nows = [...code.matchAll(NOW)];
    const todays = [...code.matchAll(TODAY)];
    if (nows.length === 0 && todays.length === 1) {
      const at = todays[0]!.index;
      const after = at + todays[0]![0].length;
      const before = OPERAND_BEFORE.exec(code.slice(0, at));
      const next = before ? null : OPERAND_AFTER.exec(code.slice(after));
      const operand = before
        ? { end: before.index + before[1]!.length, text: before[1]! }
        : next
          ? { end: after + next[0].length, text: next[1]! }
          : null;
      if (!operand || operand.text === 'None') return;
      lines[culprit.line - 1] = `${text.slice(0, operand.end)}.date()${text.slice(operand.end)}`;
      await tree.write(culprit.file, join(lines));
      yield {
        key: 'python.date-datetime-compare#day',
        summary: `compare ${operand.text}.date() with today's date at ${culprit.file}:${culprit.line}`,
        template: { recipe: 'python.date-datetime-compare#day' },
      };
      return;
    }
    if (nows.length === 0 && todays.length === 0) {
      const pair = await declaredPair(code, python, tree);
      if (!pair) return;
      lines[culprit.line - 1] = `${text.slice(0, pair.end)}.date()${text.slice(pair.end)}`;
      await tree.write(culprit.file, join(lines));
      yield {
        key: 'python.date-datetime-compare#declared',
        summary:
          `compare the datetime ${pair.text} by its day with the date ${pair.other} ` +
          `at ${culprit.file}:${culprit.line}`,
        template: { recipe: 'python.date-datetime-compare#declared' },
      };
      return;
    }
    if (nows.length !== 1) return;
    const end = nows[0]!.index + nows[0]![0].length;
    lines[culprit.line - 1] = `${text.slice(0, end)}.date()${text.slice(end)}`;
    await tree.write(culprit.file, join(lines));
    yield {
      key: 'python.date-datetime-compare#today',
      summary: `compare with ${text.slice(nows[0]!.index, end)}.date() at ${culprit.file}:${culprit.line}`,
      template: { recipe: 'python.date-datetime-compare#today' },
    };
  },
};

// An ordering comparison between two names or attribute chains (no calls on either side).
const ORDERING =
  /(?<![\w.)\]])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*(?:<=?|>=?)(?!=)\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(?![\w.([])/g;

/** The one ordering comparison on `code` between a declared datetime and a declared date: the datetime operand. */
async function declaredPair(
  code: string,
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
): Promise<{ end: number; text: string; other: string } | null> {
  const found: { end: number; text: string; other: string }[] = [];
  for (const m of code.matchAll(ORDERING)) {
    const [left, right] = [m[1]!, m[2]!];
    const kinds = await Promise.all([left, right].map((o) => declaredMoment(python, tree, o.split('.').pop()!)));
    if (kinds[0] === 'datetime' && kinds[1] === 'date')
      found.push({ end: m.index + left.length, text: left, other: right });
    if (kinds[0] === 'date' && kinds[1] === 'datetime')
      found.push({ end: m.index + m[0].length, text: right, other: left });
  }
  return found.length === 1 ? found[0]! : null;
}
