import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { maskStrings } from './expression-text.js';

// CPython's message for `.value` read on a plain string.
const STR_VALUE = /^'str' object has no attribute 'value'$/;

/**
 * `x.value` on a string column read as if it held an Enum member (`NORMAL_SIDES[account.type.value]`
 * where the model stores `type` as `String`) raises `AttributeError: 'str' object has no attribute
 * 'value'` → `x`: the string already is the value (a `str`-valued Enum member compares and
 * hashes as its value, so `x` is right either way). One candidate per `name.attr.value` on the
 * culprit line (calls and literals are no stored value); the validation keeps the one that passes.
 */
export const pythonStrValue: RepairTemplate = {
  id: 'python.str-value',
  language: 'python',
  summary: 'read a string column as is where .value treated it as an Enum member',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['AttributeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    if (!exception || !culprit || !STR_VALUE.test(exception.message.trim())) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const text = splitSource(source).lines[culprit.line - 1] ?? '';
    const masked = maskStrings(text).slice(0, codeEnd(text));
    const reads = [...masked.matchAll(/(?<![\w.)\]'"])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.value\b(?!\s*(?:\(|=[^=]))/g)];
    for (const read of reads) {
      const current = await tree.read(culprit.file);
      if (current === null) return;
      const { lines, join } = splitSource(current);
      const line = lines[culprit.line - 1]!;
      const receiver = read[1]!;
      lines[culprit.line - 1] = `${line.slice(0, read.index)}${receiver}${line.slice(read.index + read[0].length)}`;
      await tree.write(culprit.file, join(lines));
      yield {
        key: 'python.str-value#as-is',
        summary: `read ${receiver} as is for ${receiver}.value (a string) at ${culprit.file}:${culprit.line}`,
        template: { recipe: 'python.str-value#as-is' },
      };
    }
  },
};
