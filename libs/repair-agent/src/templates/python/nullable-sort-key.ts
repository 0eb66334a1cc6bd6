import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';

// `'<' not supported between instances of 'datetime.datetime' and 'NoneType'` (either order).
const NONE_ORDERING = /^'[<>]=?' not supported between instances of '(?:NoneType' and '[\w.]+|[\w.]+' and 'NoneType)'$/;

// The key's value read off its lambda parameter: `p.attr`, `p["key"]`, `p.get("key")`.
const KEY =
  /\bkey\s*=\s*lambda\s+([A-Za-z_]\w*)\s*:\s*(\1(?:\.[A-Za-z_]\w*|\[(["'])\w+\3\]|\.get\((["'])\w+\4\)))(?=\s*[,)])/g;

/**
 * Sorting (`sorted`, `.sort`, `min`, `max`) by an attribute or a dict key that is None for some
 * items (a nullable column: an end date not reached yet) raises `TypeError: '<' not supported
 * between instances of 'X' and 'NoneType'` → the key becomes None-safe, `(t.a is None, t.a)`: every
 * item is kept and ordered as before, the ones without a value after the rest (before them when
 * reversed: an unfinished job is the most recent one), then the other placement, `(t.a is not None,
 * t.a)`; that one first when a comment or the docstring of the function says the items without a
 * value go last (reversed) or first (`dogs that never ran, then …`), or the contract's prose of the
 * failing operation does (`pans never harvested last`). Tuples compare their second
 * element only when the first ones are equal, and two `None`s are equal, so the key never compares
 * None with a value. Only a key that is one attribute or key of its lambda parameter is rewritten;
 * dropping items or the sort is never proposed.
 */
export const pythonNullableSortKey: RepairTemplate = {
  id: 'python.nullable-sort-key',
  language: 'python',
  summary: 'make a sort key on a nullable attribute None-safe',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, python, cause, contract }) {
    if (!exception || !culprit || !NONE_ORDERING.test(exception.message.trim())) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    const line = lines[culprit.line - 1] ?? '';
    const code = line.slice(0, codeEnd(line));
    const keys = [...code.matchAll(KEY)];
    if (keys.length !== 1 || !/\b(?:sorted|sort|min|max)\(/.test(code)) return;
    const [whole, param, value] = keys[0]!;
    const placements = ['is None'];
    const reversed = /\breverse\s*=\s*True\b/.test(code);
    const fn = await python.functionAt(culprit.file, culprit.line);
    const body = fn ? lines.slice(fn.line - 1, fn.endLine).join('\n') : '';
    // A comment or the docstring: `# unfinished jobs last`, `"""… dogs that never ran first …"""`.
    const comments = [...body.matchAll(/#[^\n]*|"""[\s\S]*?"""|'''[\s\S]*?'''/g)].map((m) => m[0]);
    // …and the contract's words for the failing operation: `the most recent first (never harvested last)`.
    const prose = cause.endpoints.map((e) => contract?.operations.find((o) => o.endpoint === e)?.prose ?? '');
    const said = [...comments, ...prose].join('\n');
    // "… without a score last": the placement word in a sentence about the items lacking the value.
    const says = (placement: RegExp) =>
      said
        .split(/[.;()\n]/)
        .some(
          (sentence) =>
            placement.test(sentence) &&
            /\b(?:without|no|none|null|missing|unset|empty|never|not yet|unscored|unfinished)\b/i.test(sentence),
        );
    // Reversed, the items without a value come first unless the code says last; else last unless it
    // says first. The other placement is tried after: validation, not the guess, decides.
    if (reversed) placements.splice(says(/\b(?:last|at the end|after)\b/i) ? 0 : 1, 0, 'is not None');
    // min()/max() would answer an item without a value: only a sort may put them first.
    else if (!/\b(?:min|max)\(/.test(code))
      placements.splice(says(/\b(?:first|before|then)\b/i) ? 0 : 1, 0, 'is not None');
    for (const placement of placements) {
      const safe = `key=lambda ${param}: (${value} ${placement}, ${value})`;
      const edited = [...lines];
      edited[culprit.line - 1] = `${line.slice(0, keys[0]!.index)}${safe}${line.slice(keys[0]!.index + whole!.length)}`;
      await tree.write(culprit.file, join(edited));
      // Reversed, `is None` puts the items without a value first.
      const last = (placement === 'is None') !== reversed;
      const where = last ? (reversed ? 'none-last-reversed' : 'none-last') : 'none-first';
      yield {
        key: `python.nullable-sort-key#${where}`,
        summary: `sort by ${value} with None values kept (None-safe key) at ${culprit.file}:${culprit.line}`,
        template: { recipe: `python.nullable-sort-key#${where}`, value },
      };
    }
  },
};
