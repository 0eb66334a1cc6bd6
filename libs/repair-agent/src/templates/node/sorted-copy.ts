import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { linesOf, parseFile, spanOf, textOf, walk, type EsNode } from './estree.js';
import { isFunction, propertyName } from './object-keys.js';

const ID = 'node.sorted-copy';
// Array methods that write the array's own elements; each returns the array (or what it removed).
const IN_PLACE = new Set(['sort', 'reverse', 'splice', 'fill', 'copyWithin']);
// Those whose result is the array itself: on a copy, the value the expression yields is the same.
const RETURNS_ARRAY = new Set(['sort', 'reverse', 'fill', 'copyWithin']);
// Those that only reorder: a local declared as a copy holds the same items. `splice`/`fill`/
// `copyWithin` change what the array holds, a change meant for the store the copy would drop.
const REORDERS = new Set(['sort', 'reverse']);
// Wrappers that leave a call's value as it is (`rows?.sort()`, `rows.sort()!`).
const TRANSPARENT = new Set(['ChainExpression', 'TSNonNullExpression']);

/**
 * `TypeError: Cannot assign to read only property '0' of object '[object Array]'` at an in-place
 * array method (`rows.sort(…)`, `.reverse()`, `.splice(…)`, `.fill(…)`): the array is frozen
 * (reference data a store hands out as it keeps it), so the method works on a copy, which holds
 * the same items. Where the call's value is used (`return rows.sort(…)`, `x.reverse().map(…)`),
 * the receiver is copied in place (`[...rows].sort(…)`; never for `splice`, whose value is what it
 * removed). Where the statement relies on the mutation of a local (`rows.sort(…);` then `rows`
 * read again), the local is declared as a copy (`const rows = [...(await repo.findAll())]`),
 * only when the function reads it after the call (a mutation nothing reads is meant for the
 * shared array, which a copy would silently leave unchanged) and never assigns it again; only for
 * `sort`/`reverse`, which reorder: a local copy for `splice`/`fill`/`copyWithin` would drop a
 * change meant for the store (`tasks.splice(i, 1)` answered 2xx, the record kept). A call in
 * `?.` or `!` is a statement as much as a bare one (`rows?.sort(cmp);`). A receiver that is a
 * property (`this.items.sort()`) or a parameter gets no candidate.
 */
export const nodeSortedCopy: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'sort (reverse, splice, fill) a copy of a frozen array instead of the array itself',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    const readOnly = /^Cannot assign to read only property '(?:\d+|length)' of object '\[object Array\]'/;
    if (!culprit || !readOnly.test(exception?.message ?? '')) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    // The innermost in-place call around the failing line.
    const found = [...walk(program)]
      .filter(({ node }) => isInPlaceCall(node) && linesOf(node)[0] <= culprit.line && culprit.line <= linesOf(node)[1])
      .sort((a, b) => width(a.node) - width(b.node))[0];
    if (!found) return;
    const call = found.node;
    const method = propertyName(call['callee'] as EsNode)!;
    const receiver = (call['callee'] as EsNode)['object'] as EsNode;
    // `rows?.sort(cmp);` is a statement too: its copy would be thrown away.
    const parent = [...found.ancestors].reverse().find((node) => !TRANSPARENT.has(node.type));
    const at = `(${culprit.file}:${culprit.line})`;
    if (parent?.type !== 'ExpressionStatement') {
      if (!RETURNS_ARRAY.has(method)) return;
      const [start, end] = outerSpan(source, receiver);
      await tree.write(culprit.file, replaceRange(source, start, end, `[...${spreadable(source, receiver)}]`));
      yield {
        key: `${ID}#receiver`,
        summary: `${method} a copy of ${textOf(source, receiver)}: the array is read-only ${at}`,
        template: { recipe: `${ID}#receiver` },
      };
      return;
    }
    if (!REORDERS.has(method)) return;
    const local = receiver.type === 'TSNonNullExpression' ? (receiver['expression'] as EsNode) : receiver;
    if (local.type !== 'Identifier') return;
    const fn = [...found.ancestors].reverse().find(isFunction);
    const init = fn && localInit(fn, local['name'] as string, spanOf(call)[1]);
    if (!init) return;
    const [start, end] = spanOf(init);
    await tree.write(culprit.file, replaceRange(source, start, end, `[...${spreadable(source, init)}]`));
    yield {
      key: `${ID}#local`,
      summary: `declare ${local['name'] as string} as a copy before ${method}: the array is read-only ${at}`,
      template: { recipe: `${ID}#local` },
    };
  },
};

function isInPlaceCall(node: EsNode): boolean {
  if (node.type !== 'CallExpression') return false;
  const callee = node['callee'] as EsNode;
  return callee.type === 'MemberExpression' && IN_PLACE.has(propertyName(callee) ?? '');
}

function width(node: EsNode): number {
  const [start, end] = spanOf(node);
  return end - start;
}

// A receiver in parentheses (`(await repo.all()).sort()`): the parentheses go with it.
function outerSpan(source: string, node: EsNode): [number, number] {
  const [start, end] = spanOf(node);
  const before = /\(\s*$/.exec(source.slice(0, start));
  const after = /^\s*\)/.exec(source.slice(end));
  return before && after ? [start - before[0].length, end + after[0].length] : [start, end];
}

// The node's text as a spread's operand: parenthesised unless it is a name, a member or a call.
function spreadable(source: string, node: EsNode): string {
  const plain = ['Identifier', 'MemberExpression', 'CallExpression', 'ThisExpression'].includes(node.type);
  return plain ? textOf(source, node) : `(${textOf(source, node)})`;
}

// `const rows = …` declared in the function, never assigned again, read after `after`: its initialiser.
function localInit(fn: EsNode, name: string, after: number): EsNode | null {
  let init: EsNode | null = null;
  let readAfter = false;
  for (const { node, ancestors } of walk(fn)) {
    if (node.type === 'VariableDeclarator') {
      const id = node['id'] as EsNode;
      if (id.type === 'Identifier' && id['name'] === name) {
        if (init) return null;
        init = (node['init'] as EsNode | null) ?? null;
        if (!init) return null;
      }
    } else if (node.type === 'AssignmentExpression' || node.type === 'UpdateExpression') {
      const target = (node['left'] ?? node['argument']) as EsNode;
      if (target.type === 'Identifier' && target['name'] === name) return null;
    } else if (node.type === 'Identifier' && node['name'] === name && spanOf(node)[0] > after) {
      const holder = ancestors.at(-1);
      // `{ rows: x }`'s key and `a.rows` name a property, not the local.
      const isKey = holder?.type === 'Property' && holder['key'] === node && !holder['shorthand'];
      const isMember = holder?.type === 'MemberExpression' && holder['property'] === node && !holder['computed'];
      if (!isKey && !isMember) readAfter = true;
    }
  }
  return init && readAfter ? init : null;
}
