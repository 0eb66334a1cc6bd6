import { findNearMissLiterals, replaceLiteral } from '../shared/near-miss-literal.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { causePath } from './call-path.js';
import { refusedViolations } from '../shared/refusals.js';

const ID = 'python.refused-near-miss-literal';
// Project functions followed from the handler through the calls it makes.
const DEPTH = 3;

/**
 * A guard compares with a literal that is a near miss of a value the app defines
 * (`if block.status != "Available"` against `available = "available"` of a str enum), so it never
 * matches and the valid documented request is refused (`409 "Block PH-1 is available, not
 * available"`) → the value the app defines. Evidence: a 4xx where the contract (or the test)
 * expects success; on the route's path (its handler and what it calls, three deep) a comparison
 * (`==`, `!=`, `in`) with a literal that `shared/near-miss-literal.ts` finds near exactly one
 * defined value and used nowhere else. The guard stays: a block really reserved is still refused.
 */
export const pythonRefusedNearMissLiteral: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'a guard comparing with a near miss of a defined value refuses valid requests → the defined value',
  evidence: { kinds: ['status_mismatch', 'test_failure'] },
  async *candidates({ cause, tree, python }) {
    if (refusedViolations(cause.violations).length === 0) return;
    for await (const { file, fn } of causePath(python, cause, DEPTH)) {
      const source = await tree.read(file);
      if (source === null) continue;
      const lines = source.split('\n');
      // Every such literal of the function at once: a guard may spell several values so.
      const fixes = (await findNearMissLiterals(tree, file, fn.line, fn.endLine, ['.py']))
        .map((fix) => ({ ...fix, lines: fix.lines.filter((n) => comparesWith(lines[n - 1] ?? '', fix.literal)) }))
        .filter((fix) => fix.lines.length > 0);
      if (fixes.length === 0) continue;
      await tree.write(
        file,
        fixes.reduce((text, fix) => replaceLiteral(text, fix), source),
      );
      const at = Math.min(...fixes.flatMap((f) => f.lines));
      yield {
        key: siteKey(ID, file, at),
        summary:
          fixes.map((f) => `"${f.literal}" → "${f.replacement}"`).join(', ') +
          ` at ${file}:${at}: the guard compared with no value the app has, so it refused valid requests`,
        template: { recipe: ID, literals: Object.fromEntries(fixes.map((f) => [f.literal, f.replacement])) },
      };
    }
  },
};

// `x != "v"`, `"v" == x`, `x in ("v", …)`, `x not in {"v"}`: the literal is an operand of a comparison.
function comparesWith(line: string, literal: string): boolean {
  const q = `(["'])${literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1`;
  return (
    new RegExp(`[!=]=\\s*${q}`).test(line) ||
    new RegExp(`${q}\\s*[!=]=`).test(line) ||
    new RegExp(`\\bin\\s*[([{][^)\\]}]*${q}`).test(line)
  );
}
