import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { maskStrings } from './expression-text.js';

// CPython's messages for a subscript past the end of a sequence.
const OUT_OF_RANGE = /^(?:list|tuple|string) index out of range$/;

/** One subscript `seq[i + k]` (k ≥ 0) on the culprit line. */
interface Subscript {
  readonly sequence: string;
  readonly variable: string;
  readonly offset: number;
}

/** The `range(...)` a loop variable runs over: where its call's arguments are, and them split. */
interface RangeLoop {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly args: string[];
}

/**
 * A loop index one past the end: `for i in range(len(xs))` reading `xs[i + 1]` (the gaps between
 * neighbours), or `range(len(xs) + 1)` reading `xs[i]`, raises `IndexError: list index out of
 * range` → the bound the subscript needs, `range(len(xs) - 1)` / `range(len(xs))`. Only when the
 * subscripted sequence is the one the range measures (`len(xs)`) and the loop (a comprehension on
 * the culprit line, or an enclosing `for` of the function) starts at 0 and is the subscript's
 * index: the last turn always raised, so only it goes; a loop from 1 may have meant 1-based
 * positions (`xs[i - 1]`), and is left alone.
 */
export const pythonOffByOneRange: RepairTemplate = {
  id: 'python.off-by-one-range',
  language: 'python',
  summary: 'tighten a range() bound that lets an index run one past the end of the sequence it reads',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['IndexError'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    if (!exception || !culprit || !OUT_OF_RANGE.test(exception.message.trim())) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    const text = maskStrings(lines[culprit.line - 1] ?? '');
    const fn = await python.functionAt(culprit.file, culprit.line);
    const first = fn ? fn.line : culprit.line;
    const seen = new Set<string>();
    for (const subscript of subscripts(text)) {
      const loop = rangeLoop(lines, culprit.line, first, subscript.variable);
      if (!loop) continue;
      const bound = fixedBound(loop.args.at(-1)!, subscript);
      // A loop from 1 (`range(1, len(xs) + 1)`) may have meant 1-based positions (`xs[i - 1]`): not ours to choose.
      if (bound === null || loop.args.length > 2 || (loop.args.length === 2 && loop.args[0] !== '0')) continue;
      const args = [...loop.args.slice(0, -1), bound].join(', ');
      const key = `${loop.line}:${args}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const edited = [...lines];
      const at = edited[loop.line - 1]!;
      edited[loop.line - 1] = `${at.slice(0, loop.start)}${args}${at.slice(loop.end)}`;
      await tree.write(culprit.file, join(edited));
      yield {
        key: 'python.off-by-one-range#bound',
        summary:
          `range(${args}) ` +
          `for ${subscript.sequence}[${subscript.variable}${subscript.offset ? ` + ${subscript.offset}` : ''}] ` +
          `at ${culprit.file}:${loop.line}`,
        template: { recipe: 'python.off-by-one-range#bound' },
      };
    }
  },
};

// `xs[i + 1]`, `self.items[i]` (names and attribute chains only: a call's result is no sequence the range can measure).
function subscripts(masked: string): Subscript[] {
  const found = masked.matchAll(
    /(?<![\w.)\]])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\[\s*([A-Za-z_]\w*)\s*(?:\+\s*(\d+)\s*)?\]/g,
  );
  return [...found].map((m) => ({ sequence: m[1]!, variable: m[2]!, offset: m[3] ? Number(m[3]) : 0 }));
}

// The range the variable runs over: a comprehension's `for v in range(` on the culprit line, else
// the nearest enclosing `for v in range(` statement above it, inside the function.
function rangeLoop(lines: readonly string[], line: number, first: number, variable: string): RangeLoop | null {
  const pattern = new RegExp(`\\bfor\\s+${variable}\\s+in\\s+range\\(`);
  const own = maskStrings(lines[line - 1] ?? '');
  const inline = pattern.exec(own);
  if (inline) return rangeAt(lines[line - 1]!, own, line, inline.index + inline[0].length);
  let indent = /^\s*/.exec(own)![0].length;
  for (let l = line - 1; l >= first; l--) {
    const masked = maskStrings(lines[l - 1] ?? '');
    if (masked.trim() === '') continue;
    const depth = /^\s*/.exec(masked)![0].length;
    if (depth >= indent) continue;
    indent = depth;
    const loop = new RegExp(`^\\s*for\\s+${variable}\\s+in\\s+range\\(`).exec(masked);
    if (loop) return rangeAt(lines[l - 1]!, masked, l, loop[0].length);
    // Another loop over the same name in between rebinds it: that one is not ours.
    if (new RegExp(`^\\s*(?:for|with)\\b.*\\b${variable}\\b`).test(masked)) return null;
  }
  return null;
}

// The range's arguments read on the masked line, taken from the real one.
function rangeAt(text: string, masked: string, line: number, open: number): RangeLoop | null {
  let depth = 0;
  const args: string[] = [];
  let from = open;
  for (let i = open; i < masked.length; i++) {
    const ch = masked[i]!;
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) {
      if (depth === 0) {
        args.push(text.slice(from, i).trim());
        return { line, start: open, end: i, args };
      }
      depth--;
    } else if (ch === ',' && depth === 0) {
      args.push(text.slice(from, i).trim());
      from = i + 1;
    }
  }
  return null;
}

// `len(xs)`, `len(xs) - j`, `len(xs) + j` read as (sequence, shift); the bound the subscript needs, or null.
function fixedBound(bound: string, subscript: Subscript): string | null {
  const m = /^len\(\s*([A-Za-z_][\w.]*)\s*\)\s*(?:([+-])\s*(\d+))?$/.exec(bound);
  if (!m || m[1] !== subscript.sequence) return null;
  const shift = m[2] ? (m[2] === '+' ? 1 : -1) * Number(m[3]) : 0;
  // The largest index the loop reaches is len + shift - 1; the subscript reads it + offset.
  const needed = -subscript.offset;
  if (shift <= needed) return null;
  return needed === 0 ? `len(${subscript.sequence})` : `len(${subscript.sequence}) - ${-needed}`;
}
