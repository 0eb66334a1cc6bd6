import { splitSource } from '../../python/python-edits.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { maskStrings } from './expression-text.js';

// What CPython says when a dict (or set) gains or loses keys while a loop walks it.
const MESSAGE = /^(?:dictionary|Set|set|dictionary keys) changed size during iteration$/;
// `for key, value in filters.items():` — the loop's target and the iterable the loop walks.
const LOOP = /^(\s*(?:async\s+)?for\s+[^=]+?\s+in\s+)([\w.]+(?:\.(?:items|keys|values)\(\))?)(\s*:\s*(?:#.*)?)$/;

/**
 * A loop that adds or deletes keys of the dict (or set) it walks (`for k, v in filters.items():
 * if v is None: del filters[k]`) fails on the next step (`RuntimeError: dictionary changed size
 * during iteration`) → walk a snapshot, `list(filters.items())`: the loop body, and what it does to
 * the dict, stay as they are. Evidence: that RuntimeError at a culprit line that is a `for` over
 * a name or attribute chain, or its `.items()`/`.keys()`/`.values()`. Never on anything else: a
 * comprehension or a call as the iterable is not walked this way.
 */
export const pythonIterationSnapshot: RepairTemplate = {
  id: 'python.iteration-snapshot',
  language: 'python',
  summary: 'walk a snapshot (list(...)) of a dict or set the loop changes',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['RuntimeError'], culprit: true },
  async *candidates({ culprit, exception, tree }) {
    if (!culprit || !exception || !MESSAGE.test(exception.message.trim())) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    const line = lines[culprit.line - 1] ?? '';
    const loop = LOOP.exec(maskStrings(line));
    if (!loop) return;
    const [, head, iterable] = loop;
    lines[culprit.line - 1] = `${head}list(${iterable})${line.slice(head!.length + iterable!.length)}`;
    await tree.write(culprit.file, join(lines));
    yield {
      key: siteKey('python.iteration-snapshot', culprit.file, culprit.line),
      summary: `loop over list(${iterable}) at ${culprit.file}:${culprit.line}, a snapshot the loop may change`,
      template: { recipe: 'python.iteration-snapshot' },
    };
  },
};
