import { replaceRange } from '../../node/js-edits.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import type { SourceTree } from '../../source/source-tree.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { linesOf, spanOf, walk, type EsNode } from './estree.js';
import { messageSites } from './thrown-message-site.js';
import { answerStrings, interpolatedTexts, proseWords, refusedViolations } from '../shared/refusals.js';

const ID = 'node.wrong-state-guard';
// A state value: one lower-case word, or words joined by `_`/`-` (`in_progress`).
const STATE = /^[a-z][a-z]*(?:[_-][a-z]+)*$/;

/**
 * A state guard that asks for the wrong state: `if (hire.status !== 'booked') throw new
 * ConflictError(`Hire ${id} is ${hire.status}, only booked hires can be returned`)` where the
 * contract says the operation takes an active hire ("Record the return of an active hire", "409:
 * Hire not active"), so the documented request for an active hire is refused → the state the
 * contract names (`hire.status !== 'active'`). Evidence, all required: a 4xx where the contract
 * expects success; the answer's message is the guard's own thrown text, and its interpolation
 * says which state the record is in; the contract's words for the operation name that state and
 * not the one the guard compares with; the state is a string literal elsewhere in the project.
 * The guard stays: a record in any other state is still refused.
 */
export const nodeWrongStateGuard: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'a state guard asking for another state than the one the contract names → the documented state',
  evidence: { kinds: ['status_mismatch'], contract: true },
  async *candidates({ cause, tree, contract }) {
    const refused = refusedViolations(cause.violations);
    const prose = proseWords(cause, contract);
    if (refused.length === 0 || prose.size === 0) return;
    const known = await projectLiterals(tree);
    for (const site of await messageSites(tree, refused)) {
      const ancestors = [...site.ancestors].reverse();
      const throwAt = ancestors.findIndex((a) => a.type === 'ThrowStatement');
      const guard = throwAt < 0 ? undefined : ancestors.slice(throwAt).find((a) => a.type === 'IfStatement');
      if (!guard) continue;
      const parts =
        site.node.type === 'TemplateLiteral'
          ? (site.node['quasis'] as EsNode[]).map((q) => (q['value'] as { cooked?: string }).cooked ?? '')
          : [];
      const states = interpolatedTexts(parts, refused.flatMap(answerStrings)).filter(
        (v) => STATE.test(v) && prose.has(v) && known.has(v),
      );
      const compared = [...walk(guard['test'] as EsNode)]
        .map((w) => w.node)
        .filter((n) => n.type === 'BinaryExpression' && (n['operator'] === '!==' || n['operator'] === '!='))
        .flatMap((n) => [n['left'] as EsNode, n['right'] as EsNode])
        .filter((n) => n.type === 'Literal' && typeof n['value'] === 'string' && STATE.test(n['value']));
      const wrong = compared.filter((n) => !prose.has(n['value'] as string));
      // One literal to change and one state to change it to: anything else is no certain fix.
      if (wrong.length !== 1 || states.length !== 1 || compared.some((n) => n['value'] === states[0])) continue;
      const literal = wrong[0]!;
      const [start, end] = spanOf(literal);
      const quote = site.source[start]!;
      const line = linesOf(literal)[0];
      await tree.write(site.file, replaceRange(site.source, start, end, `${quote}${states[0]}${quote}`));
      yield {
        key: siteKey(ID, site.file, line),
        summary:
          `the guard at ${site.file}:${line} asks for '${literal['value'] as string}' but the contract's ` +
          `operation takes a record that is '${states[0]}' → compare with '${states[0]}'`,
        template: { recipe: ID },
      };
    }
  },
};

// Every quoted state-like literal of the project's sources.
async function projectLiterals(tree: SourceTree): Promise<Set<string>> {
  const out = new Set<string>();
  for (const file of await projectSourceFiles(tree)) {
    const source = (await tree.read(file)) ?? '';
    for (const m of source.matchAll(/(["'`])([a-z][a-z]*(?:[_-][a-z]+)*)\1/g)) out.add(m[2]!);
  }
  return out;
}
