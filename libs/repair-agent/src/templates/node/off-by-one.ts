import { lineText, offsetOf, replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { culpritModule, enclosingFunctions } from '../../recipes/node/scope.js';
import type { RepairTemplate } from '../template.js';
import { callerIndexedRead, type IndexedRead } from './off-by-one-caller.js';
import { nextElementBound } from './off-by-one-pair.js';

const ID = 'node.off-by-one';

/**
 * A loop that runs one index past its array (`for (let i = 0; i <= items.length; i++)`) reads
 * `items[items.length]`, undefined, and the failing line reads a property of it
 * (`TypeError: Cannot read properties of undefined (reading 'price')` on `items[i].price`, or on
 * `item.price` after `const item = items[i]`) → `i < items.length`; the same through a bound the function took from
 * that length (`const n = Math.min(limit, items.length)` … `i <= n` → `i < n`). An index the function's
 * own guard counts from 1 (`if (day < 1 || day > days.length) throw …`) read as `days[day]` →
 * `days[day - 1]`. A loop over pairs (`for (let i = 0; i < xs.length; i++)` reading `xs[i + 1]`)
 * stops one element earlier (`#pair`, off-by-one-pair.ts). The last element read as `xs[xs.length]`
 * (`const last = xs[xs.length]` … `last.departure`) → `xs[xs.length - 1]` (`#last`).
 */
export const nodeOffByOne: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'stop a loop at the last element of its array (< length, not <= length)',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, cause, tree, node: given }) {
    const node = given ?? nodeProjectFor(tree);
    const prop = /^Cannot read properties of undefined \(reading '([^']+)'\)/.exec(exception?.message ?? '')?.[1];
    if (!culprit || !prop) return;
    const module = await culpritModule(node, culprit.file);
    const source = await tree.read(culprit.file);
    const fn = module ? enclosingFunctions(module, culprit.line).at(-1) : undefined;
    if (!fn || source === null) return;
    const line = lineText(source, culprit.line);
    const pair = nextElementBound(source, fn.start, culprit.line, line, prop);
    if (pair) {
      await tree.write(culprit.file, pair.fixed);
      yield { key: `${ID}#pair`, summary: `${pair.summary} (${culprit.file})`, template: { recipe: `${ID}#pair` } };
      return;
    }
    const last = lastElementRead(source, fn.start, culprit.line, line, prop);
    if (last) {
      await tree.write(culprit.file, last.fixed);
      yield { key: `${ID}#last`, summary: `${last.summary} (${culprit.file})`, template: { recipe: `${ID}#last` } };
      return;
    }
    const p = prop.replace(/[.$]/g, (c) => `\\${c}`);
    const before = source.slice(fn.start, offsetOf(source, culprit.line));
    // `arr[i].prop` on the line, or `el.prop` with `const el = arr[i]` before it.
    const indexed: IndexedRead[] = [];
    const here = { file: culprit.file, source, fnStart: fn.start, line: culprit.line, text: line };
    for (const m of line.matchAll(
      new RegExp(`([\\w$.]+)\\[\\s*([A-Za-z_$][\\w$]*)\\s*\\]\\s*\\??\\.\\s*${p}(?![\\w$])`, 'g'),
    ))
      indexed.push({ ...here, array: m[1]!, index: m[2]! });
    for (const m of line.matchAll(new RegExp(`(?<![\\w$.])([A-Za-z_$][\\w$]*)\\s*\\??\\.\\s*${p}(?![\\w$])`, 'g'))) {
      const assigned = new RegExp(
        `(?:const|let|var)\\s+${m[1]!.replace(/\$/g, '\\$')}\\s*=\\s*([\\w$.]+)\\[\\s*([A-Za-z_$][\\w$]*)\\s*\\]` +
          `\\s*;?\\s*$`,
        'm',
      ).exec(before);
      if (assigned) indexed.push({ ...here, array: assigned[1]!, index: assigned[2]! });
      else if (!indexed.length) {
        const read = await callerIndexedRead(cause.trace, tree, node, fn.name, fn.params.indexOf(m[1]!));
        if (read) indexed.push(read);
      }
    }
    for (const read of indexed) {
      const fix = loopBoundFix(read);
      if (!fix) continue;
      await tree.write(read.file, fix.fixed);
      yield { key: fix.key, summary: `${fix.summary} (${read.file})`, template: { recipe: fix.key } };
      return;
    }
  },
};

// The loop that reads `array[index]` one past its end → `<`; an index the function's own guard
// counts from 1 → `array[index - 1]`.
function loopBoundFix(read: IndexedRead): { fixed: string; summary: string; key: string } | null {
  const { source, fnStart, line, text, array, index } = read;
  const esc = (s: string) => s.replace(/[.$]/g, (c) => `\\${c}`);
  const before = source.slice(fnStart, offsetOf(source, line));
  // The loop header may share the failing line (`for (…) out.push(items[i].name);`).
  const upTo = source.slice(fnStart, offsetOf(source, line) + text.length);
  const header =
    [
      ...upTo.matchAll(
        new RegExp(
          `for\\s*\\(\\s*(?:let|var)\\s+${esc(index)}${FROM}\\s*${esc(index)}\\s*(<=)\\s*${esc(array)}\\.length\\s*;`,
          'gd',
        ),
      ),
    ].at(-1) ?? boundedHeader(upTo, before, array, index);
  if (header) {
    const at = fnStart + header.indices![1]![0];
    return { fixed: replaceRange(source, at, at + 2, '<'), summary: `loop ${index} < ${array}.length`, key: ID };
  }
  // `if (day < 1 || day > days.length) throw …` then `days[day]`: the code's own guard says
  // the index counts from 1, the array from 0 → `days[day - 1]`.
  const oneBased =
    new RegExp(`\\b${esc(index)}\\s*(?:<\\s*1|<=\\s*0)(?![\\w$.])`).test(before) &&
    new RegExp(`\\b${esc(index)}\\s*>\\s*${esc(array)}\\.length\\b`).test(before);
  const at = oneBased
    ? [...upTo.matchAll(new RegExp(`(?<![\\w$.])${esc(array)}\\[\\s*(${esc(index)})\\s*\\]`, 'gd'))].at(-1)
    : undefined;
  if (!at) return null;
  const [start, end] = at.indices![1]!;
  return {
    fixed: replaceRange(source, fnStart + start, fnStart + end, `${index} - 1`),
    summary: `read ${array}[${index} - 1]: ${index} counts from 1`,
    key: `${ID}#one-based`,
  };
}

// A loop index starting at 0 or at a computed offset (`let i = start`), never at another literal.
const FROM = '\\s*=\\s*(?:0|[A-Za-z_$(][^;]*)\\s*;';

// `for (let i = 0; i <= n; …)` where `n` is a const of the function holding `array.length`
// (`= array.length`, `= Math.min(x, array.length)`, `= Math.min(start + size, total)` with `total`
// the length): the match, its `<=` as group 1.
function boundedHeader(upTo: string, before: string, array: string, index: string): RegExpExecArray | undefined {
  const esc = (s: string) => s.replace(/[.$]/g, (c) => `\\${c}`);
  const header = [
    ...upTo.matchAll(
      new RegExp(
        `for\\s*\\(\\s*(?:let|var)\\s+${esc(index)}${FROM}` + `\\s*${esc(index)}\\s*(<=)\\s*([A-Za-z_$][\\w$]*)\\s*;`,
        'gd',
      ),
    ),
  ].at(-1);
  const bound = header?.[2];
  if (!header || !bound) return undefined;
  // The length itself, or a const holding it (`const total = items.length`).
  const aliases = [
    ...before.matchAll(new RegExp(`const\\s+([A-Za-z_$][\\w$]*)\\s*=\\s*${esc(array)}\\.length\\s*;`, 'g')),
  ];
  const length = [`${esc(array)}\\.length`, ...aliases.map((a) => `${esc(a[1]!)}(?![\\w$])`)].join('|');
  const declared = new RegExp(
    `const\\s+${esc(bound)}\\s*=\\s*(?:${esc(array)}\\.length|` +
      `Math\\.min\\(\\s*(?:[^()]*?,\\s*(?:${length})|(?:${length})\\s*,[^()]*?)` +
      `\\s*\\))\\s*;`,
  ).test(before);
  return declared ? header : undefined;
}

// `xs[xs.length]` whose element the failing line dereferences (`xs[xs.length].prop`, or `v.prop`
// after `const v = xs[xs.length]` in the function): always undefined, the last element was meant.
function lastElementRead(
  source: string,
  fnStart: number,
  line: number,
  text: string,
  prop: string,
): { fixed: string; summary: string } | null {
  const esc = (s: string) => s.replace(/[.$]/g, (c) => `\\${c}`);
  const lineStart = offsetOf(source, line);
  const upTo = source.slice(fnStart, lineStart + text.length);
  const reads = [...upTo.matchAll(/(?<![\w$.])([\w$]+(?:\.[\w$]+)*)\[\s*\1\.length\s*\]/g)];
  for (const read of reads.reverse()) {
    const array = read[1]!;
    const after = upTo.slice(read.index + read[0].length);
    const direct = new RegExp(`^\\s*\\??\\.\\s*${esc(prop)}(?![\\w$])`).test(after);
    const bound = /^\s*;?\s*$/m.test(after.split('\n')[0] ?? '')
      ? new RegExp(`(?:const|let|var)\\s+([\\w$]+)\\s*=\\s*$`).exec(upTo.slice(0, read.index))?.[1]
      : undefined;
    const viaName =
      bound !== undefined && new RegExp(`(?<![\\w$.])${esc(bound)}\\s*\\??\\.\\s*${esc(prop)}(?![\\w$])`).test(text);
    if (!direct && !viaName) continue;
    const at = fnStart + read.index + read[0].lastIndexOf('.length') + '.length'.length;
    return {
      fixed: source.slice(0, at) + ' - 1' + source.slice(at),
      summary: `read the last element as ${array}[${array}.length - 1]`,
    };
  }
  return null;
}
