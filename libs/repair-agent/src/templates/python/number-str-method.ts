import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { maskStrings } from './expression-text.js';

// `'int' object has no attribute 'zfill'`: a number asked for a method only strings have.
const NUMBER_ATTRIBUTE = /^'(int|float)' object has no attribute '(\w+)'$/;

// The str methods that format or test text; a number has none of them (`is_integer`, `real` are its own).
const STR_METHODS = new Set([
  'zfill',
  'rjust',
  'ljust',
  'center',
  'upper',
  'lower',
  'title',
  'capitalize',
  'strip',
  'lstrip',
  'rstrip',
  'startswith',
  'endswith',
  'split',
  'rsplit',
  'replace',
  'isdigit',
  'isnumeric',
  'isdecimal',
  'find',
  'encode',
  'removeprefix',
  'removesuffix',
  'partition',
  'splitlines',
  'casefold',
  'swapcase',
]);

/**
 * A number formatted with a string method (`"INV-" + appointment.id.zfill(5)`, `code.startswith("4")`
 * on an integer column) raises `AttributeError: 'int' object has no attribute 'zfill'` → the
 * number's text first, `str(appointment.id).zfill(5)`: what the method needs, the number itself
 * unchanged. Only for a method of `str` (a list's `append` on an int is another bug) called on a
 * name or attribute chain on the culprit line; one candidate per such call.
 */
export const pythonNumberStrMethod: RepairTemplate = {
  id: 'python.number-str-method',
  language: 'python',
  summary: 'format a number as text before calling a string method on it',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['AttributeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    const match = exception ? NUMBER_ATTRIBUTE.exec(exception.message.trim()) : null;
    if (!match || !culprit || !STR_METHODS.has(match[2]!)) return;
    const method = match[2]!;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const text = splitSource(source).lines[culprit.line - 1] ?? '';
    const masked = maskStrings(text).slice(0, codeEnd(text));
    const calls = [
      ...masked.matchAll(new RegExp(`(?<![\\w.)\\]'"])([A-Za-z_]\\w*(?:\\.[A-Za-z_]\\w*)*)\\.${method}\\(`, 'g')),
    ];
    for (const call of calls) {
      const current = await tree.read(culprit.file);
      if (current === null) return;
      const { lines, join } = splitSource(current);
      const line = lines[culprit.line - 1]!;
      const receiver = call[1]!;
      const end = call.index + receiver.length;
      lines[culprit.line - 1] = `${line.slice(0, call.index)}str(${receiver})${line.slice(end)}`;
      await tree.write(culprit.file, join(lines));
      yield {
        key: 'python.number-str-method#str',
        summary: `str(${receiver}).${method}(…) for the ${match[1]} ${receiver} at ${culprit.file}:${culprit.line}`,
        template: { recipe: 'python.number-str-method#str' },
      };
    }
  },
};
