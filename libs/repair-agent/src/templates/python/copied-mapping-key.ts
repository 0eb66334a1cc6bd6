import { splitSource } from '../../python/python-edits.js';
import { acceptedKeywords, parseMessage } from '../../recipes/python/model-kwargs.js';
import type { RepairTemplate } from '../template.js';

/**
 * A mapping expanded into a call (`Model(**data)`) that refuses one of its keys (`TypeError: 'note'
 * is an invalid keyword argument for Model`, or `__init__() got an unexpected keyword argument
 * 'note'`) while the function copied that key's value, before the call, into a key the callee takes
 * (`data["remark"] = data["note"].strip()`): the value was mapped but its source key was left in →
 * read it with `.pop(...)` where it is copied, so the mapped key carries the value and the refused
 * one is gone. Only when the key is read exactly once in the function, on that one assignment to
 * the same mapping under another key the callee accepts. No copy, a copy to a key the callee refuses
 * too, or other reads of the key: no candidate (dropping the key alone would lose the request's data).
 */
export const pythonCopiedMappingKey: RepairTemplate = {
  id: 'python.copied-mapping-key',
  language: 'python',
  summary: 'move a mapped key out of a mapping expanded into a call that refuses it, where it is copied',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['TypeError'], culprit: true },
  async *candidates(context) {
    const { exception, culprit, tree, python } = context;
    const parsed = exception && culprit ? parseMessage(exception.message) : null;
    if (!parsed || !culprit) return;
    const fn = await python.functionAt(culprit.file, culprit.line);
    const call = fn?.calls.find((c) => c.name === parsed.callee && c.line <= culprit.line && culprit.line <= c.endLine);
    const mapping = call?.starKwargs.find((e): e is string => e !== null && /^[A-Za-z_]\w*$/.test(e));
    const source = await tree.read(culprit.file);
    if (!fn || !call || !mapping || source === null) return;
    const accepted = await acceptedKeywords(context, parsed.callee);
    const key = parsed.keyword;
    const { lines, join } = splitSource(source);
    // Every read of the key in the function: `data["note"]`, `data.get("note"…`, `data.pop("note"…`.
    const read = new RegExp(
      `(?<![\\w.])${mapping}(?:\\[\\s*(['"])${key}\\1\\s*\\]|\\.\\w+\\(\\s*(['"])${key}\\2)`,
      'g',
    );
    const reads = lines
      .map((line, i) => ({ i, n: i >= fn.line - 1 && i < fn.endLine ? [...line.matchAll(read)].length : 0 }))
      .flatMap(({ i, n }) => Array<number>(n).fill(i));
    if (reads.length !== 1) return;
    const at = reads[0]!;
    const copy = new RegExp(`^(\\s*${mapping}\\[\\s*(['"])(\\w+)\\2\\s*\\]\\s*=(?!=))(.*)$`).exec(lines[at]!);
    const target = copy?.[3];
    if (!copy || !target || target === key || !accepted.includes(target) || at + 1 >= call.line) return;
    const subscript = new RegExp(`(?<![\\w.])${mapping}\\[\\s*(['"])${key}\\1\\s*\\]`);
    if (!subscript.test(copy[4]!)) return;
    lines[at] = copy[1]! + copy[4]!.replace(subscript, (_m, q: string) => `${mapping}.pop(${q}${key}${q})`);
    await tree.write(culprit.file, join(lines));
    yield {
      key: 'python.copied-mapping-key',
      summary:
        `pop ${mapping}["${key}"] where it is copied to ${mapping}["${target}"] at ${culprit.file}:${at + 1}: ` +
        `${parsed.callee}(**${mapping}) refuses ${key}`,
      template: { recipe: 'python.copied-mapping-key', callee: parsed.callee, mapping: { [key]: target } },
    };
  },
};
