import type { StackTrace } from '@smoke-repair/log-parser';
import type { SourceTree } from '../../source/source-tree.js';
import { keyName, linesOf, walk, type EsNode } from './estree.js';
import { frameSources } from './frame-sources.js';
import { isFunction, propertyName } from './object-keys.js';
import { fillsDocumentedNumber } from './reduce-sum-evidence.js';

// A sum helper (`function sum(values) { return values.reduce((t, v) => t + v); }`) fills no field
// itself: its caller does (`const metres = sum(logs.map((l) => l.metres))` read by a literal's
// `metres_rebuilt`). The trace names that caller, one frame out from the helper.

/**
 * Whether a sum by reduce is a helper's whole result over one of its parameters, and the call of
 * the helper on the trace's first caller line fills a response field the success schema documents
 * as a number admitting 0: the sum of nothing is then that field's 0, for this caller and for any
 * other (a non-empty list sums as before).
 */
export async function helperSumFillsNumber(
  call: EsNode,
  ancestors: readonly EsNode[],
  schema: unknown,
  trace: StackTrace | null,
  tree: SourceTree,
): Promise<boolean> {
  const name = helperName(call, ancestors);
  if (!name) return false;
  for await (const caller of frameSources(trace, tree, true)) {
    for (const { node, ancestors: around } of walk(caller.program)) {
      if (node.type !== 'CallExpression' || linesOf(node)[0] !== caller.line) continue;
      const callee = node['callee'] as EsNode;
      const named = callee.type === 'Identifier' ? callee['name'] : propertyName(callee);
      if (named === name && fillsDocumentedNumber(node, around, schema)) return true;
    }
    // Only the helper's own caller: a frame further out calls something else.
    return false;
  }
  return false;
}

// The name of the function whose result the sum is (`return xs.reduce(…)` at its top level, or an
// arrow's expression body), the reduced list one of its parameters; null otherwise.
function helperName(call: EsNode, ancestors: readonly EsNode[]): string | null {
  const at = ancestors.findLastIndex(isFunction);
  const fn = ancestors[at];
  if (!fn) return null;
  const body = fn['body'] as EsNode;
  const between = ancestors.slice(at + 1);
  const result =
    body === call ||
    (between.length === 2 &&
      between[0] === body &&
      between[1]!.type === 'ReturnStatement' &&
      between[1]!['argument'] === call);
  const list = ((call['callee'] as EsNode)['object'] as EsNode | undefined) ?? null;
  const param =
    list?.type === 'Identifier' &&
    (fn['params'] as EsNode[]).some((p) => p.type === 'Identifier' && p['name'] === list['name']);
  if (!result || !param) return null;
  const id = fn['id'] as EsNode | null | undefined;
  if (id?.type === 'Identifier') return id['name'] as string;
  const holder = ancestors[at - 1];
  if (holder?.type === 'VariableDeclarator' && (holder['id'] as EsNode).type === 'Identifier')
    return (holder['id'] as EsNode)['name'] as string;
  if (holder?.type === 'Property' || holder?.type === 'MethodDefinition') return keyName(holder['key'] as EsNode);
  return null;
}
