import { splitSource } from '../../python/python-edits.js';
import type { SourceTree } from '../../source/source-tree.js';
import { answerStrings, interpolatedTexts, proseWords, refusedViolations } from '../shared/refusals.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { causePath } from './call-path.js';
import { indentOf } from './expression-text.js';

const ID = 'python.wrong-state-guard';
// Project functions followed from the handler through the calls it makes.
const DEPTH = 3;
// A state value: one lower-case word, or words joined by `_`/`-` (`in_progress`).
const STATE = /^[a-z][a-z]*(?:[_-][a-z]+)*$/;
// `if x.status != "booked":` / `if x.status is not Status.BOOKED:` — the state compared with.
const GUARD = /^\s*if\s+[\w.]+\s*(?:!=|is not)\s*(?:(["'])([a-z][\w-]*)\1|([A-Z]\w*)\.(\w+))\s*:\s*(?:#.*)?$/;
// The f-string of the raise under it (`detail=f"Hire {hire_id} is {hire.status.value}, …"`).
const FSTRING = /\bf(["'])(.*?)\1/;

/**
 * A state guard that asks for the wrong state: `if hire.status != "booked": raise
 * HTTPException(409, f"Hire {hire_id} is {hire.status.value}, only booked hires can be returned")`
 * where the contract says the operation takes an active hire ("Record the return of an active
 * hire", "409: Hire not active"), so the documented request for an active hire is refused → the
 * state the contract names (`"active"`, or the enum's member of that value). Evidence, all
 * required: a 4xx where the contract expects success; the answer's message is the raise's own
 * f-string, and its interpolation says which state the record is in; the contract's words for
 * the operation name that state and not the one compared with; for an enum, a member of that
 * value. The guard stays: a record in any other state is still refused.
 */
export const pythonWrongStateGuard: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'a state guard asking for another state than the one the contract names → the documented state',
  evidence: { kinds: ['status_mismatch', 'test_failure'], contract: true },
  async *candidates({ cause, tree, python, contract }) {
    const prose = proseWords(cause, contract);
    const messages = refusedViolations(cause.violations).flatMap(answerStrings);
    if (messages.length === 0 || prose.size === 0) return;
    for await (const { file, fn } of causePath(python, cause, DEPTH)) {
      const source = await tree.read(file);
      if (source === null) continue;
      const { lines, join } = splitSource(source);
      for (let i = fn.bodyLine - 1; i < fn.endLine - 1; i++) {
        const guard = GUARD.exec(lines[i]!);
        const raise = lines[i + 1] ?? '';
        if (!guard || indentOf(raise).length <= indentOf(lines[i]!).length || !/^\s*raise\b/.test(raise)) continue;
        // The raise may spread its call over the lines under it.
        const block = [raise];
        for (let j = i + 2; j < fn.endLine && block.length < 6; j++) {
          if (indentOf(lines[j]!).length <= indentOf(raise).length) break;
          block.push(lines[j]!);
        }
        const fstring = FSTRING.exec(block.join(' '))?.[2] ?? '';
        const states = interpolatedTexts(fstring.split(/\{[^{}]*\}/), messages)
          .map((v) => v.replace(/^[A-Z]\w*\./, ''))
          .filter((v) => STATE.test(v) && prose.has(v));
        const asked = guard[2] ?? guard[4]!;
        if (states.length !== 1 || prose.has(asked.toLowerCase())) continue;
        const state = states[0]!;
        const replacement = guard[2] ? state : await enumMember(tree, guard[3]!, state);
        if (!replacement || replacement === asked) continue;
        const from = guard[2] ? `${guard[1]}${asked}${guard[1]}` : `${guard[3]}.${asked}`;
        const to = guard[2] ? `${guard[1]}${state}${guard[1]}` : `${guard[3]}.${replacement}`;
        lines[i] = lines[i]!.replace(from, to);
        await tree.write(file, join(lines));
        yield {
          key: siteKey(ID, file, i + 1),
          summary:
            `the guard at ${file}:${i + 1} asks for ${from} but the contract's operation takes a record ` +
            `that is '${state}' → ${to}`,
          template: { recipe: ID },
        };
        return;
      }
    }
  },
};

// The member of enum class `name` whose value is `value` (`ACTIVE = "active"`), from the project's sources.
async function enumMember(tree: SourceTree, name: string, value: string): Promise<string | null> {
  for (const file of (await tree.list()).filter((f) => f.endsWith('.py') && !/(^|\/)(\.venv|venv|tests?)\//.test(f))) {
    const source = (await tree.read(file)) ?? '';
    const body = new RegExp(`^class\\s+${name}\\b[^\\n]*:\\n((?:[ \\t]+[^\\n]*\\n|\\n)+)`, 'm').exec(source)?.[1];
    const member = body ? new RegExp(`^\\s+(\\w+)\\s*=\\s*(["'])${value}\\2`, 'm').exec(body)?.[1] : undefined;
    if (member) return member;
  }
  return null;
}
