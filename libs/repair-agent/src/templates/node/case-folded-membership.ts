import { replaceRange } from '../../node/js-edits.js';
import type { SourceTree } from '../../source/source-tree.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { linesOf, spanOf, walk, type EsNode } from './estree.js';
import { isFunction, propertyName, unwrap } from './object-keys.js';
import { projectBindings } from './project-bindings.js';
import { messageSites } from './thrown-message-site.js';
import { refusedViolations } from '../shared/refusals.js';

const ID = 'node.case-folded-membership';
const FOLDS: Record<string, 'upper' | 'lower'> = {
  toUpperCase: 'upper',
  toLocaleUpperCase: 'upper',
  toLowerCase: 'lower',
  toLocaleLowerCase: 'lower',
};
// Calls a value passes through on its way to the fold: `String(v || '').trim().toUpperCase()`.
const NEUTRAL = new Set(['trim', 'trimStart', 'trimEnd', 'normalize']);

/**
 * A valid request refused with a 4xx by a membership check that can never pass: the value is
 * folded to upper case (`voicePart = body.voice_part.trim().toUpperCase()`) and looked up in a list
 * whose every value is written in lower case (`VOICE_PARTS = ['soprano', 'alto']`), or the other way
 * round. The answer's message names the guard (thrown-message-site.ts); the check sits in the
 * condition that guards it. The fold becomes the case the allowed values are written in; a list
 * with mixed or caseless values, or one name bound to two different lists, names no case.
 */
export const nodeCaseFoldedMembership: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'a value folded to the other case than every allowed value → the case the values are written in',
  evidence: { kinds: ['status_mismatch'] },
  async *candidates({ cause, tree }) {
    const refused = refusedViolations(cause.violations);
    if (refused.length === 0) return;
    const sites = await messageSites(tree, refused);
    if (sites.length === 0) return;
    const lists = await namedStringLists(tree);
    const seen = new Set<string>();
    for (const site of sites) {
      const fn = [...site.ancestors].reverse().find(isFunction) ?? site.program;
      for (const guard of site.ancestors) {
        const test = guardTest(guard);
        if (!test) continue;
        for (const { node } of walk(test)) {
          const check = membershipCheck(node, lists);
          if (!check) continue;
          const fold = foldOf(check.value, fn);
          if (!fold || !writtenIn(check.allowed, fold.to === 'upper' ? 'lower' : 'upper')) continue;
          const key = `${site.file}:${spanOf(fold.property)[0]}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const name = fold.to === 'upper' ? 'toLowerCase' : 'toUpperCase';
          const [start, end] = spanOf(fold.property);
          await tree.write(site.file, replaceRange(site.source, start, end, name));
          yield {
            key: siteKey(ID, site.file, linesOf(fold.property)[0]),
            summary:
              `${name}() where the value is checked against ${check.allowed.length} values written in ` +
              `${fold.to === 'upper' ? 'lower' : 'upper'} case (${site.file}:${linesOf(fold.property)[0]})`,
            template: { recipe: ID, fold: name },
          };
        }
      }
    }
  },
};

/** The condition of a guard: an `if`, a `?:`, or the left side of `cond && …` / `cond || …`; else null. */
export function guardTest(node: EsNode): EsNode | null {
  if (node.type === 'IfStatement' || node.type === 'ConditionalExpression') return node['test'] as EsNode;
  if (node.type === 'LogicalExpression') return node['left'] as EsNode;
  return null;
}

// `LIST.includes(v)`, `SET.has(v)`, `obj.LIST.includes(v)`, `['a', 'b'].includes(v)`.
function membershipCheck(
  node: EsNode,
  lists: ReadonlyMap<string, readonly string[] | null>,
): { allowed: readonly string[]; value: EsNode } | null {
  if (node.type !== 'CallExpression') return null;
  const callee = node['callee'] as EsNode;
  const args = node['arguments'] as EsNode[];
  if (callee.type !== 'MemberExpression' || args.length !== 1) return null;
  if (!['includes', 'has', 'indexOf'].includes(propertyName(callee) ?? '')) return null;
  const owner = callee['object'] as EsNode;
  const inline = owner.type === 'ArrayExpression' ? stringsOf(owner) : null;
  const name =
    owner.type === 'Identifier'
      ? (owner['name'] as string)
      : owner.type === 'MemberExpression'
        ? propertyName(owner)
        : null;
  const allowed = inline ?? (name ? lists.get(name) : null);
  return allowed && allowed.length > 0 ? { allowed, value: args[0]! } : null;
}

// The fold a value went through last: a direct call, or the initialiser of the local it names.
function foldOf(value: EsNode, fn: EsNode, depth = 0): { property: EsNode; to: 'upper' | 'lower' } | null {
  if (depth > 2) return null;
  if (value.type === 'Identifier') {
    const declared = [...walk(fn)].find(
      ({ node }) =>
        node.type === 'VariableDeclarator' &&
        (node['id'] as EsNode).type === 'Identifier' &&
        (node['id'] as EsNode)['name'] === value['name'],
    );
    const init = declared?.node['init'] as EsNode | null | undefined;
    return init ? foldOf(init, fn, depth + 1) : null;
  }
  let call = value;
  while (call.type === 'CallExpression' && (call['callee'] as EsNode).type === 'MemberExpression') {
    const callee = call['callee'] as EsNode;
    const name = propertyName(callee) ?? '';
    if (FOLDS[name]) return { property: callee['property'] as EsNode, to: FOLDS[name] };
    if (!NEUTRAL.has(name)) return null;
    call = callee['object'] as EsNode;
  }
  return null;
}

// Every value has letters, and all of them are in `kind` case alone.
function writtenIn(values: readonly string[], kind: 'upper' | 'lower'): boolean {
  return values.every(
    (v) => v.toLowerCase() !== v.toUpperCase() && (kind === 'lower' ? v === v.toLowerCase() : v === v.toUpperCase()),
  );
}

function stringsOf(array: EsNode): string[] | null {
  const out: string[] = [];
  for (const e of array['elements'] as (EsNode | null)[]) {
    if (e?.type !== 'Literal' || typeof e['value'] !== 'string') return null;
    out.push(e['value']);
  }
  return out;
}

// Names bound to an array of string literals anywhere in the project (`const A = [...]`, `A: [...]`,
// `new Set([...])`, `Object.freeze([...])`); null for a name bound to two different lists.
async function namedStringLists(tree: SourceTree): Promise<Map<string, readonly string[] | null>> {
  const out = new Map<string, readonly string[] | null>();
  for await (const { name, value } of projectBindings(tree)) {
    const list = listValue(value);
    if (!list) continue;
    const known = out.get(name);
    out.set(name, known === undefined || (known && known.join('\0') === list.join('\0')) ? list : null);
  }
  return out;
}

function listValue(given: EsNode): string[] | null {
  const node = unwrap(given);
  if (node.type === 'ArrayExpression') return stringsOf(node);
  const args = node['arguments'] as EsNode[] | undefined;
  const wraps =
    (node.type === 'NewExpression' && (node['callee'] as EsNode)['name'] === 'Set') ||
    (node.type === 'CallExpression' && ['freeze'].includes(propertyName(node['callee'] as EsNode) ?? ''));
  return wraps && args?.length === 1 && unwrap(args[0]!).type === 'ArrayExpression'
    ? stringsOf(unwrap(args[0]!))
    : null;
}
