import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { matchingParen } from '../matching-paren.js';
import { codeEnd } from './call-keyword.js';
import { maskStrings } from './expression-text.js';

// `'<' not supported between instances of 'datetime.date' and 'NoneType'`: min() compares each next
// argument with the first (`b < a`), max() likewise with `>`; the message names b's type, then a's.
const NONE_COMPARED = /^'([<>])' not supported between instances of '([\w.]+)' and '([\w.]+)'$/;
const PATH = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$/;

/**
 * `min(t.end_date, as_of)` where the attribute is None for an open record (a turnout still grazing,
 * a booking with no end) raises `TypeError: '<' not supported between instances of 'datetime.date'
 * and 'NoneType'` → a missing bound is no bound: `min(t.end_date if t.end_date is not None else as_of,
 * as_of)`, so the open record counts up to the other bound (likewise `max`). Only a two-argument
 * `min`/`max` on the culprit line, the None side (from the message: min/max compare the second
 * argument with the first) an attribute read, the other a name or attribute; skipping the record or
 * answering a default is never proposed.
 */
export const pythonOpenBound: RepairTemplate = {
  id: 'python.open-bound',
  language: 'python',
  summary: "take the other bound where min()/max() of an open record's missing bound compared None",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    const compared = NONE_COMPARED.exec(exception?.message.trim() ?? '');
    if (!compared || !culprit) return;
    const [, operator, second, first] = compared as unknown as [string, string, string, string];
    if ((second === 'NoneType') === (first === 'NoneType')) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    const line = lines[culprit.line - 1] ?? '';
    const masked = maskStrings(line.slice(0, codeEnd(line)));
    const name = operator === '<' ? 'min' : 'max';
    const calls = [...masked.matchAll(new RegExp(`(?<![\\w.])${name}\\(`, 'g'))];
    if (calls.length !== 1) return;
    const open = calls[0]!.index + name.length;
    const close = matchingParen(masked, open);
    const args = close < 0 ? [] : masked.slice(open + 1, close).split(',');
    if (args.length !== 2 || args.some((a) => /[()[\]{}]/.test(a))) return;
    const [a, b] = args.map((x) => x.trim()) as [string, string];
    const [missing, other] = first === 'NoneType' ? [a, b] : [b, a];
    if (!PATH.test(missing) || !/^[A-Za-z_][\w.]*$/.test(other)) return;
    const bounded = `${missing} if ${missing} is not None else ${other}`;
    const rewritten = first === 'NoneType' ? `${bounded}, ${b}` : `${a}, ${bounded}`;
    lines[culprit.line - 1] = `${line.slice(0, open + 1)}${rewritten}${line.slice(close)}`;
    await tree.write(culprit.file, join(lines));
    yield {
      key: 'python.open-bound',
      summary: `${name}() takes ${other} where ${missing} is None (no bound) at ${culprit.file}:${culprit.line}`,
      template: { recipe: 'python.open-bound' },
    };
  },
};
