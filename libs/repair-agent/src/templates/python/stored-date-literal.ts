import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';

// What Python says when it parses a date whose month or day is impossible.
const INVALID_DATE = /^(?:month must be in 1\.\.12|day is out of range for month|Invalid isoformat string)/;
// A date or datetime literal: `"2021-14-03"`, `'2021-14-03 07:45:00'`, `"2021-14-03T07:45:00Z"`.
const LITERAL = /(["'])(\d{4})-(\d{2})-(\d{2})((?:[ T][\d:.]+)?(?:Z|[+-]\d{2}:?\d{2})?)\1/g;

/**
 * Reading a row fails with `ValueError: month must be in 1..12` (or `day is out of range`)
 * because the app stored an impossible date — a seed or fixture literal written day-first
 * (`"2021-14-03 07:45:00"`). The reader is right and the data wrong: the one impossible date
 * literal in the project whose day and month swapped make a real date (`"2021-03-14 07:45:00"`)
 * is rewritten. No candidate when there is none, several, or the swap is no date either;
 * catching the error or skipping rows would hide the data.
 */
export const pythonStoredDateLiteral: RepairTemplate = {
  id: 'python.stored-date-literal',
  language: 'python',
  summary: 'correct the one impossible date literal the app stores (day and month swapped)',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['ValueError'] },
  async *candidates({ exception, tree, python }) {
    if (!INVALID_DATE.test(exception?.message ?? '')) return;
    const found: { file: string; line: number; from: string; to: string }[] = [];
    for (const file of (await python.modules()).keys()) {
      if (/(?:^|\/)(?:tests?|test_[^/]*)\//.test(file) || /(?:^|\/)test_[^/]*\.py$/.test(file)) continue;
      const { lines } = splitSource((await tree.read(file)) ?? '');
      lines.forEach((text, i) => {
        for (const m of text.slice(0, codeEnd(text)).matchAll(LITERAL)) {
          const [whole, quote, year, month, day, rest] = m as unknown as [
            string,
            string,
            string,
            string,
            string,
            string,
          ];
          if (isDate(+year, +month, +day)) continue;
          // An impossible date the swap does not mend either still counts: the fix is then not certain.
          const to = isDate(+year, +day, +month) ? `${quote}${year}-${day}-${month}${rest}${quote}` : '';
          found.push({ file, line: i + 1, from: whole, to });
        }
      });
    }
    if (found.length !== 1 || found[0]!.to === '') return;
    const { file, line, from, to } = found[0]!;
    const { lines, join } = splitSource((await tree.read(file))!);
    lines[line - 1] = lines[line - 1]!.replace(from, to);
    await tree.write(file, join(lines));
    yield {
      key: 'python.stored-date-literal#day-month',
      summary: `store ${to} (day and month swapped) for the impossible ${from} at ${file}:${line}`,
      template: { recipe: 'python.stored-date-literal#day-month' },
    };
  },
};

function isDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
