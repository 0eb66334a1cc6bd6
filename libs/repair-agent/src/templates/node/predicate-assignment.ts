import { replaceRange } from '../../node/js-edits.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { linesOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { propertyName } from './object-keys.js';
import { messageSites } from './thrown-message-site.js';
import { refusedViolations } from '../shared/refusals.js';

const ID = 'node.predicate-assignment';
// Array methods whose callback answers a yes or no.
const PREDICATES = new Set(['some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'filter']);

/**
 * A valid request refused with a 4xx by a guard whose predicate assigns instead of comparing:
 * `if (existing.some((k) => (k.email = email))) throw conflict(…)` sets every record's field and
 * answers the assigned value (truthy whenever there is any record) → `k.email === email`. The
 * answer's message names the guard (thrown-message-site.ts); only an arrow callback of an array
 * predicate (`some`, `every`, `find`, `filter`, …) in the test of the `if` around that message,
 * whose whole body is one `=` assignment to a member of its parameter.
 */
export const nodePredicateAssignment: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'compare (===) where an array predicate assigns (=) in the guard that refused a valid request',
  evidence: { kinds: ['status_mismatch'] },
  async *candidates({ cause, tree }) {
    const refused = refusedViolations(cause.violations);
    if (refused.length === 0) return;
    const seen = new Set<string>();
    for (const site of await messageSites(tree, refused)) {
      const guard = [...site.ancestors].reverse().find((a) => a.type === 'IfStatement');
      if (!guard || !site.ancestors.includes(guard['consequent'] as EsNode)) continue;
      for (const { node } of walk(guard['test'] as EsNode)) {
        const assignment = assigningPredicate(node);
        if (!assignment) continue;
        const [, leftEnd] = spanOf(assignment['left'] as EsNode);
        const [rightStart] = spanOf(assignment['right'] as EsNode);
        const at = leftEnd + site.source.slice(leftEnd, rightStart).indexOf('=');
        const key = `${site.file}:${at}`;
        if (seen.has(key)) continue;
        seen.add(key);
        await tree.write(site.file, replaceRange(site.source, at, at + 1, '==='));
        const line = linesOf(assignment)[0];
        yield {
          key: siteKey(ID, site.file, line),
          summary:
            `compare ${textOf(site.source, assignment['left'] as EsNode)} === …, the predicate assigned it ` +
            `(${site.file}:${line})`,
          template: { recipe: ID },
        };
      }
    }
  },
};

// `xs.some((k) => (k.f = v))`: the assignment a predicate's arrow callback answers, or undefined.
function assigningPredicate(node: EsNode): EsNode | undefined {
  if (node.type !== 'CallExpression') return undefined;
  const callee = node['callee'] as EsNode;
  if (callee.type !== 'MemberExpression' || !PREDICATES.has(propertyName(callee) ?? '')) return undefined;
  const callback = (node['arguments'] as EsNode[])[0];
  if (callback?.type !== 'ArrowFunctionExpression') return undefined;
  const param = (callback['params'] as EsNode[])[0];
  const body = callback['body'] as EsNode;
  if (param?.type !== 'Identifier' || body.type !== 'AssignmentExpression' || body['operator'] !== '=')
    return undefined;
  const left = body['left'] as EsNode;
  const object = left['object'] as EsNode | undefined;
  return left.type === 'MemberExpression' && object?.type === 'Identifier' && object['name'] === param['name']
    ? body
    : undefined;
}
