import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';

// `'<' not supported between instances of 'datetime.datetime' and 'NoneType'` (either order).
const NONE_ORDERING = /^'[<>]=?' not supported between instances of '(?:NoneType' and '[\w.]+|[\w.]+' and 'NoneType)'$/;

/**
 * Sorting (`sorted`, `.sort`, `min`, `max`) by an attribute that is None for some items (a
 * nullable column: an end date not reached yet) raises `TypeError: '<' not supported between
 * instances of 'X' and 'NoneType'` → the key becomes None-safe, `(t.a is None, t.a)`: every item
 * is kept and ordered as before, the ones without a value after the rest (before them when
 * reversed). Tuples compare their second element only when the first ones are equal, and two
 * `None`s are equal, so the key never compares None with a value. Only a key that is one
 * attribute of its lambda parameter is rewritten; dropping items or the sort is never proposed.
 */
export const pythonNullableSortKey: RepairTemplate = {
  id: 'python.nullable-sort-key',
  language: 'python',
  summary: 'make a sort key on a nullable attribute None-safe',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    if (!exception || !culprit || !NONE_ORDERING.test(exception.message.trim())) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    const line = lines[culprit.line - 1] ?? '';
    const code = line.slice(0, codeEnd(line));
    const keys = [...code.matchAll(/\bkey\s*=\s*lambda\s+([A-Za-z_]\w*)\s*:\s*\1\.([A-Za-z_]\w*)(?=\s*[,)])/g)];
    if (keys.length !== 1 || !/\b(?:sorted|sort|min|max)\(/.test(code)) return;
    const [whole, param, attribute] = keys[0]!;
    const safe = `key=lambda ${param}: (${param}.${attribute} is None, ${param}.${attribute})`;
    lines[culprit.line - 1] = `${line.slice(0, keys[0]!.index)}${safe}${line.slice(keys[0]!.index + whole!.length)}`;
    await tree.write(culprit.file, join(lines));
    yield {
      key: 'python.nullable-sort-key#none-last',
      summary: `sort by ${attribute} with None values kept (None-safe key) at ${culprit.file}:${culprit.line}`,
      template: { recipe: 'python.nullable-sort-key#none-last', attribute },
    };
  },
};
