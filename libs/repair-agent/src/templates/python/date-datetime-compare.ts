import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { maskStrings } from './expression-text.js';

// `can't compare datetime.datetime to datetime.date` (either order).
const DATE_VS_DATETIME = /can't compare datetime\.(?:datetime to datetime\.date|date to datetime\.datetime)/;
// The current moment as a datetime: `datetime.utcnow()`, `datetime.now()`, `datetime.now(timezone.utc)`,
// `datetime.today()`.
const NOW = /\b(?:datetime\.)?datetime\.(?:utcnow|now|today)\((?:[^()]|\([^()]*\))*\)(?!\s*\.\s*date\(\))/g;
// Today as a date, compared with a stored value (a name or attribute chain) on either side.
const TODAY = /(?<![\w.])(?:datetime\.)?date\.today\(\)/g;
const OPERAND_BEFORE = /(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*(?:[<>]=?|[!=]=)\s*$/;
const OPERAND_AFTER = /^\s*(?:[<>]=?|[!=]=)\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(?![\w.([])/;

/**
 * A `date` (a `Date` column: an expiry day) compared with the current moment as a `datetime`
 * (`expires_on >= datetime.utcnow()`) raises `TypeError: can't compare datetime.datetime to
 * datetime.date` → the moment's day, `datetime.utcnow().date()`, keeping the clock the code chose
 * (UTC or local). Only a "now" call on the culprit line is rewritten, and only when there is one.
 * `#day`: a stored datetime compared with today's date (`r.starts_at >= date.today()`) is compared
 * by its day, `r.starts_at.date()` — the same question at the granularity the code asked it. Two
 * stored values (a datetime and a date column) are a modelling question, not this template's.
 */
export const pythonDateDatetimeCompare: RepairTemplate = {
  id: 'python.date-datetime-compare',
  language: 'python',
  summary: "compare a date with today's date, not with the current datetime",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
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
