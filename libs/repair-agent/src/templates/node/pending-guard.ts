import { replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { linesOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { isFunction, propertyName } from './object-keys.js';
import { messageSites } from './thrown-message-site.js';
import { refusedViolations } from '../shared/refusals.js';

const ID = 'node.pending-guard';

/**
 * A valid request refused with a 4xx by a guard that reads a Promise: `const slip =
 * slips.findById(id)` without `await`, then `if (slip.status !== 'active') throw new
 * ConflictError(\`Slip ${id} is not open\`)` — a Promise has no `status`, so every record looks
 * closed. The answer's message names the guard (thrown-message-site.ts); the binding read in the
 * function before it, initialised by an unawaited call of one of the project's async functions
 * (no sync function of that name anywhere), gets its `await`. Only inside an `async` function.
 */
export const nodePendingGuard: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'await the async lookup a guard reads before refusing a valid request',
  evidence: { kinds: ['status_mismatch'] },
  async *candidates({ cause, tree, node: given }) {
    const refused = refusedViolations(cause.violations);
    if (refused.length === 0) return;
    const project = given ?? nodeProjectFor(tree);
    const asyncNames = await project.asyncNames();
    const syncNames = new Set<string>();
    for (const module of (await project.modules()).values())
      for (const fn of module.functions) if (!fn.async && !fn.returnsPromise && fn.name) syncNames.add(fn.name);
    const seen = new Set<string>();
    for (const site of await messageSites(tree, refused)) {
      const fn = [...site.ancestors].reverse().find(isFunction);
      if (!fn?.['async']) continue;
      const siteAt = spanOf(site.node)[0];
      for (const { node, ancestors } of walk(fn)) {
        if (node.type !== 'VariableDeclarator' || (node['id'] as EsNode).type !== 'Identifier') continue;
        // An `await` is valid only in the async function itself, not in a callback nested in it.
        if ([...ancestors].reverse().find(isFunction) !== fn) continue;
        const call = node['init'] as EsNode | null;
        if (call?.type !== 'CallExpression' || spanOf(node)[0] > siteAt) continue;
        const callee = calleeName(call['callee'] as EsNode);
        if (!callee || !asyncNames.has(callee) || syncNames.has(callee)) continue;
        const name = (node['id'] as EsNode)['name'] as string;
        if (!readsMember(fn, name, spanOf(node)[1], siteAt)) continue;
        const key = `${site.file}:${spanOf(call)[0]}`;
        if (seen.has(key)) continue;
        seen.add(key);
        await tree.write(site.file, replaceRange(site.source, spanOf(call)[0], spanOf(call)[0], 'await '));
        yield {
          key: siteKey(ID, site.file, linesOf(call)[0]),
          summary:
            `await ${textOf(site.source, call['callee'] as EsNode)}(…): ${name} is read as a record before ` +
            `the guard that refused the request (${site.file}:${linesOf(call)[0]})`,
          template: { recipe: ID, callee },
        };
      }
    }
  },
};

// `name.x` read between `from` and `to` (not `name.then`: that is how a Promise is meant to be read).
function readsMember(fn: EsNode, name: string, from: number, to: number): boolean {
  for (const { node } of walk(fn)) {
    if (node.type !== 'MemberExpression' || node['computed']) continue;
    const object = node['object'] as EsNode;
    const [start] = spanOf(node);
    if (start < from || start > to || object.type !== 'Identifier' || object['name'] !== name) continue;
    if (!['then', 'catch', 'finally'].includes(propertyName(node) ?? '')) return true;
  }
  return false;
}

// `f` of `f(…)`, `repo.f(…)`, `this.repo.f(…)`.
function calleeName(callee: EsNode): string | null {
  if (callee.type === 'Identifier') return callee['name'] as string;
  if (callee.type === 'MemberExpression' && !callee['computed']) return propertyName(callee);
  return null;
}
