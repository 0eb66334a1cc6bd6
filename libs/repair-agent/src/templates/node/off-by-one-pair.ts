import { offsetOf, replaceRange } from '../../node/js-edits.js';

const esc = (s: string) => s.replace(/[.$]/g, (c) => `\\${c}`);

/**
 * A loop over neighbouring pairs that runs to the last element: `for (let i = 0; i < xs.length;
 * i++)` whose body reads `xs[i + 1].prop` (on the failing line, or through `const next = xs[i +
 * 1]` before it) reads past the end on its last turn → `i < xs.length - 1`. Only a loop counting
 * from 0 by one with a strict bound on that array's length; anything else (a `<=` bound, another
 * array, a start other than 0) gives `undefined`.
 */
export function nextElementBound(
  source: string,
  fnStart: number,
  lineNo: number,
  line: string,
  prop: string,
): { fixed: string; summary: string } | undefined {
  const p = esc(prop);
  const lineStart = offsetOf(source, lineNo);
  const before = source.slice(fnStart, lineStart);
  const upTo = source.slice(fnStart, lineStart + line.length);
  const reads: { array: string; index: string }[] = [];
  // `xs[i + 1]`: the array (group 1) and the index (group 2).
  const next = String.raw`([\w$.]+)\[\s*([A-Za-z_$][\w$]*)\s*\+\s*1\s*\]`;
  for (const m of line.matchAll(new RegExp(`${next}\\s*\\??\\.\\s*${p}(?![\\w$])`, 'g')))
    reads.push({ array: m[1]!, index: m[2]! });
  for (const m of line.matchAll(new RegExp(`(?<![\\w$.])([A-Za-z_$][\\w$]*)\\s*\\??\\.\\s*${p}(?![\\w$])`, 'g'))) {
    const assigned = new RegExp(`(?:const|let|var)\\s+${esc(m[1]!)}\\s*=\\s*${next}\\s*;?\\s*$`, 'm').exec(before);
    if (assigned) reads.push({ array: assigned[1]!, index: assigned[2]! });
  }
  for (const { array, index } of reads) {
    const header = [
      ...upTo.matchAll(
        new RegExp(
          `for\\s*\\(\\s*(?:let|var)\\s+${esc(index)}\\s*=\\s*0\\s*;` +
            `\\s*${esc(index)}\\s*<\\s*(${esc(array)}\\.length)\\s*;` +
            `\\s*(?:${esc(index)}\\s*\\+\\+|\\+\\+\\s*${esc(index)}|${esc(index)}\\s*\\+=\\s*1)\\s*\\)`,
          'gd',
        ),
      ),
    ].at(-1);
    if (!header) continue;
    const end = fnStart + header.indices![1]![1];
    return {
      fixed: replaceRange(source, end, end, ' - 1'),
      summary: `loop ${index} < ${array}.length - 1: the body reads ${array}[${index} + 1]`,
    };
  }
  return undefined;
}
