import { replaceRange } from '../../node/js-edits.js';
import { successSchema } from '../python/contract-schema.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { linesOf, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { isFunction, propertyName, unwrap } from './object-keys.js';
import { documentedField } from './schema-field.js';
import { messageSites } from './thrown-message-site.js';
import { refusedViolations } from '../shared/refusals.js';

const ID = 'node.transition-table-key';

/**
 * A table of allowed moves keyed by the state they leave (`NEXT = { draft: ['review'], … }`) looked up
 * by the state asked for: `const allowed = NEXT[next]; if (!allowed.includes(next)) throw new
 * ConflictError(\`Cannot move ${doc.id} from ${doc.state} to ${next}\`)` — the entry is tested with the
 * very value that chose it, so only a move to the same state could pass and every documented move is
 * refused. Evidence: a valid request refused with a 4xx whose message names the guard
 * (thrown-message-site.ts); in its function, a computed lookup `T[v]` (directly, or the local it
 * initialises, `?? []` kept) whose `.includes(…)` tests the same `v`; and the message's one other
 * interpolated member `rec.p` whose name the success schema documents as a string enum (the record's
 * current state; `rec.id`, an integer, is not one) → the table is looked up by `rec.p`. The check
 * itself stays: a move the table does not list is still refused. Not when the lookup and the test
 * already read different values, nor when no or several such members are in the message.
 */
export const nodeTransitionTableKey: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'look a table of allowed moves up by the current state, not by the state asked for',
  evidence: { kinds: ['status_mismatch'] },
  async *candidates({ cause, tree, operation }) {
    const refused = refusedViolations(cause.violations);
    const schema = successSchema(operation);
    if (refused.length === 0 || !schema) return;
    for (const site of await messageSites(tree, refused)) {
      if (site.node.type !== 'TemplateLiteral') continue;
      const fn = [...site.ancestors].reverse().find(isFunction);
      const lookup = fn ? selfTestedLookup(fn) : null;
      if (!lookup) continue;
      const tested = pathOf(lookup.key);
      const states = (site.node['expressions'] as EsNode[]).filter((e) => {
        const documented = e.type === 'MemberExpression' ? documentedField(schema, propertyName(e) ?? '') : null;
        return pathOf(e) !== tested && documented !== null && isStringEnum(documented);
      });
      const current = states.length === 1 ? pathOf(states[0]!) : null;
      if (!current) continue;
      const [start, end] = spanOf(lookup.key);
      await tree.write(site.file, replaceRange(site.source, start, end, current));
      yield {
        key: siteKey(ID, site.file, linesOf(lookup.key)[0]),
        summary:
          `look ${textOf(site.source, lookup.table)} up by ${current}, the state the move leaves, ` +
          `not by ${tested} (${site.file}:${linesOf(lookup.key)[0]})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

// `T[v].includes(v)`, or `const allowed = T[v] (?? [])` … `allowed.includes(v)`, in the function itself.
function selfTestedLookup(fn: EsNode): { table: EsNode; key: EsNode } | null {
  const locals = new Map<string, EsNode>();
  for (const { node } of walk(fn)) {
    const init = node.type === 'VariableDeclarator' ? lookupIn(node['init'] as EsNode | null) : null;
    if (init && (node['id'] as EsNode).type === 'Identifier')
      locals.set((node['id'] as EsNode)['name'] as string, init);
  }
  for (const { node } of walk(fn)) {
    const callee = node.type === 'CallExpression' ? (node['callee'] as EsNode) : null;
    if (callee?.type !== 'MemberExpression' || propertyName(callee) !== 'includes') continue;
    const receiver = unwrap(callee['object'] as EsNode);
    const lookup = receiver.type === 'Identifier' ? locals.get(receiver['name'] as string) : lookupIn(receiver);
    const [argument] = node['arguments'] as EsNode[];
    const key = lookup ? unwrap(lookup['property'] as EsNode) : null;
    if (lookup && key && argument && pathOf(key) !== null && pathOf(key) === pathOf(unwrap(argument)))
      return { table: lookup['object'] as EsNode, key };
  }
  return null;
}

// `T[v]`, `T[v] ?? []`, `T[v] || []`: the computed lookup.
function lookupIn(init: EsNode | null): EsNode | null {
  const value = init ? unwrap(init) : null;
  if (value?.type === 'LogicalExpression') return lookupIn(value['left'] as EsNode);
  return value?.type === 'MemberExpression' && value['computed'] ? value : null;
}

function isStringEnum(own: Record<string, unknown>): boolean {
  const values = own['enum'];
  return Array.isArray(values) && values.length > 1 && values.every((v) => typeof v === 'string' || v === null);
}
