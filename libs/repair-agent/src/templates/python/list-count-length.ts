import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { maskStrings } from './expression-text.js';

// CPython's message for `some_list.count()` with no argument: the list method counts one value.
const LIST_COUNT = /^list\.count\(\) takes exactly one argument \(0 given\)$/;

/**
 * `items.count()` on a list (a relationship collection, a query's `.all()`) meant its length:
 * the list method counts occurrences of one value and raises `TypeError: list.count() takes
 * exactly one argument (0 given)` → `len(items)`. Only a receiver that is a name or an attribute
 * chain on the culprit line is rewritten (a `query(...).count()` is a query's own count and cannot
 * raise this); one candidate per such call, the validation keeps the one that passes.
 */
export const pythonListCountLength: RepairTemplate = {
  id: 'python.list-count-length',
  language: 'python',
  summary: 'use len() where a list was counted with list.count()',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    if (!exception || !culprit || !LIST_COUNT.test(exception.message.trim())) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const text = splitSource(source).lines[culprit.line - 1] ?? '';
    const masked = maskStrings(text).slice(0, codeEnd(text));
    const calls = [...masked.matchAll(/(?<![\w.)\]])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.count\(\s*\)/g)];
    for (const call of calls) {
      const current = await tree.read(culprit.file);
      if (current === null) return;
      const { lines, join } = splitSource(current);
      const line = lines[culprit.line - 1]!;
      const receiver = call[1]!;
      lines[culprit.line - 1] =
        `${line.slice(0, call.index)}len(${receiver})${line.slice(call.index + call[0].length)}`;
      await tree.write(culprit.file, join(lines));
      yield {
        key: 'python.list-count-length#len',
        summary: `use len(${receiver}) for ${receiver}.count() at ${culprit.file}:${culprit.line}`,
        template: { recipe: 'python.list-count-length#len' },
      };
    }
  },
};
