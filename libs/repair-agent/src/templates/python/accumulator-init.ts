import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';

/**
 * Grouping into a dict the function starts empty (`totals: dict[str, dict] = {}`) and reading each
 * group's entry before anything stored it raises `KeyError: 'hurdles'` for the first row of every
 * group → the entry is made on first use, holding what the loop accumulates into it:
 * `entry = totals[h.product]` followed by `entry["quantity"] += …` and `entry["value"] += …` becomes
 * `totals.setdefault(h.product, {"quantity": 0, "value": 0})` (`[]` for a key it appends to);
 * `counts[k] += n` becomes `counts[k] = counts.get(k, 0) + n`, `groups[k].append(x)`
 * `groups.setdefault(k, []).append(x)`. Only a dict the same function binds to `{}` or `dict()`,
 * and an entry every key of which the function accumulates (nothing read that the default lacks).
 */
export const pythonAccumulatorInit: RepairTemplate = {
  id: 'python.accumulator-init',
  language: 'python',
  summary: 'start a group of an empty dict on first use instead of reading it before it exists',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['KeyError'], culprit: true },
  async *candidates({ culprit, tree, python }) {
    if (!culprit) return;
    const source = await tree.read(culprit.file);
    const fn = await python.functionAt(culprit.file, culprit.line);
    if (source === null || !fn) return;
    const { lines, join } = splitSource(source);
    const body = lines.slice(fn.bodyLine - 1, fn.endLine).map((l) => l.slice(0, codeEnd(l)));
    const line = lines[culprit.line - 1]!;
    const code = line.slice(0, codeEnd(line));
    const startsEmpty = (dict: string) =>
      body.some((l) => new RegExp(`^\\s*${dict}\\s*(?::[^=]+)?=\\s*(?:\\{\\s*\\}|dict\\(\\s*\\))\\s*$`).test(l));
    let edited: string | null = null;
    const entry = /^(\s*)([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)\[([^\]]+)\]\s*$/.exec(code);
    const counted = /^(\s*)([A-Za-z_]\w*)\[([^\]]+)\]\s*\+=\s*(.+?)\s*$/.exec(code);
    const appended = /^(\s*)([A-Za-z_]\w*)\[([^\]]+)\]\.append\((.*)\)\s*$/.exec(code);
    if (entry && startsEmpty(entry[3]!)) {
      const [, indent, name, dict, key] = entry as unknown as string[];
      const defaults = entryDefaults(body, name!);
      if (defaults) edited = `${indent}${name} = ${dict}.setdefault(${key}, {${defaults}})`;
    } else if (counted && startsEmpty(counted[2]!)) {
      const [, indent, dict, key, value] = counted as unknown as string[];
      edited = `${indent}${dict}[${key}] = ${dict}.get(${key}, 0) + ${value}`;
    } else if (appended && startsEmpty(appended[2]!)) {
      const [, indent, dict, key, value] = appended as unknown as string[];
      edited = `${indent}${dict}.setdefault(${key}, []).append(${value})`;
    }
    if (!edited) return;
    lines[culprit.line - 1] = edited + line.slice(codeEnd(line)).replace(/^\s*$/, '');
    await tree.write(culprit.file, join(lines));
    yield {
      key: 'python.accumulator-init',
      summary: `start each group on first use (${edited.trim()}) at ${culprit.file}:${culprit.line}`,
      template: { recipe: 'python.accumulator-init' },
    };
  },
};

// `"quantity": 0, "value": 0` for an entry whose every key the function accumulates (`+=` → 0,
// `.append` → []); null when it reads a key it never accumulates, or accumulates none.
function entryDefaults(body: readonly string[], name: string): string | null {
  const keys = new Map<string, string>();
  const used = new Set<string>();
  const subscript = new RegExp(`\\b${name}\\[(["'])(\\w+)\\1\\]`, 'g');
  for (const l of body) {
    for (const m of l.matchAll(subscript)) {
      used.add(m[2]!);
      const rest = l.slice(m.index! + m[0].length);
      if (/^\s*\+=/.test(rest)) keys.set(m[2]!, '0');
      else if (/^\.append\(/.test(rest)) keys.set(m[2]!, '[]');
    }
  }
  if (keys.size === 0 || [...used].some((k) => !keys.has(k))) return null;
  return [...keys].map(([k, v]) => `"${k}": ${v}`).join(', ');
}
