import { replaceRange } from '../../node/js-edits.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { linesOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';
import { messageSites } from './thrown-message-site.js';

const ID = 'node.inverted-stock-guard';
const MIRRORED: Readonly<Record<string, string>> = { '>': '<', '<': '>', '>=': '<=', '<=': '>=' };

/**
 * A documented example refused with a 4xx by a guard written the wrong way round: `if
 * (house.storedTonnes > input.tonnes) throw new ConflictError(…)` where the same function then
 * takes the amount off the stock (`house.storedTonnes - input.tonnes`): the guard must refuse an
 * amount larger than the stock, so it throws when the stock is the smaller one
 * (`house.storedTonnes < input.tonnes`). Evidence, all required: the answer's message is the
 * guard's own thrown text (the site found by its message), the guard compares two operands with
 * `<`/`>` (or `<=`/`>=`), and after it the function subtracts the one it declares smaller-than-
 * allowed from the other (the stock minus the amount). Anything else: no candidate.
 */
export const nodeInvertedStockGuard: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'turn round a stock guard that refuses the amounts it should allow',
  evidence: { kinds: ['status_mismatch'], contract: true },
  async *candidates({ cause, tree }) {
    if (!cause.violations.some((v) => v.expectedStatus !== null && v.expectedStatus < 300)) return;
    for (const site of await messageSites(tree, cause.violations)) {
      const ancestors = [...site.ancestors].reverse();
      const throwAt = ancestors.findIndex((a) => a.type === 'ThrowStatement');
      const guard = throwAt < 0 ? undefined : ancestors.slice(throwAt).find((a) => a.type === 'IfStatement');
      const fn = ancestors.find(isFunction);
      const test = guard?.['test'] as EsNode | undefined;
      if (!guard || !fn || test?.type !== 'BinaryExpression' || !MIRRORED[test['operator'] as string]) continue;
      const [left, right] = [textOf(site.source, test['left'] as EsNode), textOf(site.source, test['right'] as EsNode)];
      const op = test['operator'] as string;
      // `stock > amount` throws: the code means to allow it; what follows takes `amount` off `stock`.
      const [stock, amount] = op.startsWith('>') ? [left, right] : [right, left];
      if (!subtractsAfter(site.source, fn, spanOf(guard)[1], stock, amount)) continue;
      const [start, end] = spanOf(test);
      const operatorAt = site.source.indexOf(op, spanOf(test['left'] as EsNode)[1]);
      if (operatorAt < 0 || operatorAt >= end) continue;
      const line = linesOf(test)[0];
      await tree.write(site.file, replaceRange(site.source, operatorAt, operatorAt + op.length, MIRRORED[op]!));
      yield {
        key: siteKey(ID, site.file, line),
        summary:
          `refuse only when ${amount} exceeds ${stock}: the guard at ${site.file}:${line} threw for ` +
          `the amounts it takes off after it (${site.source.slice(start, end)})`,
        template: { recipe: ID },
      };
    }
  },
};

// Whether `fn` computes `stock - amount` (or `stock -= amount`) after offset `from`.
function subtractsAfter(source: string, fn: EsNode, from: number, stock: string, amount: string): boolean {
  for (const { node } of walk(fn)) {
    if (spanOf(node)[0] < from) continue;
    const minus = node.type === 'BinaryExpression' && node['operator'] === '-';
    const decrement = node.type === 'AssignmentExpression' && node['operator'] === '-=';
    if (!minus && !decrement) continue;
    if (textOf(source, node['left'] as EsNode) === stock && textOf(source, node['right'] as EsNode) === amount)
      return true;
  }
  return false;
}
