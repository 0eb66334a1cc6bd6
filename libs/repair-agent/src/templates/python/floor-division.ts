import { splitSource } from '../../python/python-edits.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { causePath } from './call-path.js';
import { codeEnd } from './call-keyword.js';
import { documentedRounding } from './documented-rounding.js';
import { maskStrings } from './expression-text.js';

const ID = 'python.floor-division';
// Project functions followed from the handler through the calls it makes.
const DEPTH = 3;
// pytest's comparison of two numbers: `assert 0.0 == 37.5`.
const COMPARED = /^assert (-?\d+(?:\.\d+)?) == (-?\d+(?:\.\d+)?)$/m;
// pytest's diff of two dicts compared whole: `{'percent_used': 0.0} != {'percent_used': 0.08}`.
const DIFFERING = /\{'(\w+)': (-?\d+(?:\.\d+)?)\} != \{'\1': (-?\d+(?:\.\d+)?)\}/g;
// A value given a name on its own line: `share=used / total,` or `"share": used / total,`.
const NAMED_VALUE = /^(\s*(?:(\w+)\s*=(?!=)|["'](\w+)["']\s*:)\s*)(.+?)(,?\s*)$/;

/**
 * A share or rate computed with floor division: `round(float(used // weight * 100), 1)` floors
 * `0.375` to `0` before scaling, so the test that wants `37.5` gets `0.0` → true division (`/`).
 * Evidence, all required: a test's assertion that a whole number the app answered equals a
 * fractional one (`assert 0.0 == 37.5`, or in the diff of dicts compared whole, `{'share': 0.0} !=
 * {'share': 0.08}`: only a floor loses the fraction); on the route's path
 * (its handler and what it calls, three deep) a function computing with `//` — every `//` of that
 * function becomes `/`. Seen as wrong data, never as an exception; validation against the other
 * tests decides (a `//` that pages a list would break them). When the divided value is named on
 * its line (`share=used // total,`) and the contract documents that response field as `rounded to
 * 2 places`, the quotient is rounded as documented (`round(used / total, 2)`): a test comparing the
 * whole answer wants the documented number, not the raw fraction.
 */
export const pythonFloorDivision: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'a fraction floored by // where the test wants the fraction → true division',
  evidence: { kinds: ['test_failure'] },
  async *candidates({ cause, tree, python, contract }) {
    const floored = cause.violations.some((v) => {
      const shown = COMPARED.exec(v.traces[0]?.exception.message ?? v.message ?? '');
      const items = [...`${v.message ?? ''}\n${v.responseExcerpt ?? ''}`.matchAll(DIFFERING)].map((m) => [m[2], m[3]]);
      return [...(shown ? [[shown[1], shown[2]]] : []), ...items].some(
        ([got, want]) => Number.isInteger(Number(got)) && !Number.isInteger(Number(want)),
      );
    });
    if (!floored) return;
    for await (const { file, fn } of causePath(python, cause, DEPTH)) {
      const source = await tree.read(file);
      if (source === null) continue;
      const { lines, join } = splitSource(source);
      const at: number[] = [];
      for (let i = fn.bodyLine - 1; i < fn.endLine; i++) {
        const code = maskStrings(lines[i]!.slice(0, codeEnd(lines[i]!)));
        if (!/[^/]\/\/(?!=)[^/]/.test(code)) continue;
        // Only the operators the masked code shows: a `//` inside a string stays.
        let edited = '';
        let from = 0;
        for (const m of code.matchAll(/\/\/(?!=)/g)) {
          edited += `${lines[i]!.slice(from, m.index)}/`;
          from = m.index + 2;
        }
        lines[i] = rounded(edited + lines[i]!.slice(from), contract);
        at.push(i + 1);
      }
      if (at.length === 0) continue;
      await tree.write(file, join(lines));
      yield {
        key: siteKey(ID, file, at[0]!),
        summary: `true division (/) for the floor division (//) at ${file}:${at.join(',')} in ${fn.name}`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

/** The line with its named quotient rounded as the contract documents that field, else as it is. */
function rounded(line: string, contract: Parameters<typeof documentedRounding>[0]): string {
  const m = NAMED_VALUE.exec(line);
  if (!m) return line;
  const value = m[4]!;
  // Only a whole, balanced expression not rounded already.
  const opens = value.split('(').length - value.split(')').length;
  if (opens !== 0 || /^round\(/.test(value) || !value.includes('/')) return line;
  const places = documentedRounding(contract, m[2] ?? m[3]!);
  return places === null ? line : `${m[1]}round(${value}, ${places})${m[5]}`;
}
