import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { objectShape, successSchema, typesOf } from '../python/contract-schema.js';
import { linesOf, spanOf, parseFile, walk, type EsNode } from './estree.js';
import { ARRAY_METHODS } from './iterator-array.js';
import { isFunction, propertyName } from './object-keys.js';

const ID = 'node.find-as-filter';

/**
 * A list method called on the one item `Array#find` returns (`TypeError: db.rows.find(...).sort is
 * not a function`, or `Cannot read properties of undefined (reading 'sort')` when nothing matched)
 * → `.filter(…)`, the list of every matching item the chain goes on to sort, map or slice. The
 * evidence: the failing line holds `xs.find(predicate).m(…)` with `m` an array method (the message
 * naming it), the predicate a function (`Model.find({ … }).sort()` is a query builder, not this),
 * and the operation's success response documents an array (the body or one of its fields). Never
 * wraps the single item in `[ … ]`: the other matching items would be lost.
 */
export const nodeFindAsFilter: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'filter instead of find where a list method is called on the result (find(...).sort is not a function)',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, operation }) {
    const message = exception?.message ?? '';
    const method =
      /^(?:[\w$.]+\.)?find\(\.\.\.\)\.(\w+) is not a function/.exec(message)?.[1] ??
      /^Cannot read properties of undefined \(reading '(\w+)'\)/.exec(message)?.[1];
    // `x.find(...).sort is not a function` names the find; `reading 'sort'` of undefined says only that
    // nothing matched (a missing record is a 404): then only a body that is itself a list says "list".
    const named = /find\(\.\.\.\)\./.test(message);
    const schema = successSchema(operation);
    const listed = named ? documentsArray(schema) : !!schema && typesOf(schema).includes('array');
    if (!culprit || !method || !ARRAY_METHODS.has(method) || !listed) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    const calls = [...walk(program)]
      .map((w) => w.node)
      .filter((node) => {
        const [first, last] = linesOf(node);
        return first <= culprit.line && culprit.line <= last && findThen(node, method) !== null;
      });
    // One such chain on the line: with two, which one failed is a guess.
    if (calls.length !== 1) return;
    const find = findThen(calls[0]!, method)!;
    const [start, end] = spanOf(find);
    await tree.write(culprit.file, replaceRange(source, start, end, 'filter'));
    yield {
      key: ID,
      summary: `filter instead of find before .${method}(): the matching items (${culprit.file}:${culprit.line})`,
      template: { recipe: ID },
    };
  },
};

// `xs.find((x) => …).method`: the `find` identifier to rename, else null.
function findThen(node: EsNode, method: string): EsNode | null {
  if (node.type !== 'MemberExpression' || propertyName(node) !== method) return null;
  const call = node['object'] as EsNode;
  const callee = call.type === 'CallExpression' ? (call['callee'] as EsNode) : null;
  if (callee?.type !== 'MemberExpression' || propertyName(callee) !== 'find') return null;
  const [predicate, ...rest] = call['arguments'] as EsNode[];
  return predicate && rest.length === 0 && isFunction(predicate) ? (callee['property'] as EsNode) : null;
}

// Whether the documented success body is an array, or an object with an array field.
function documentsArray(schema: Record<string, unknown> | null): boolean {
  if (!schema) return false;
  if (typesOf(schema).includes('array')) return true;
  const shape = objectShape(schema);
  return Object.values(shape?.properties ?? {}).some((p) => typesOf(p).includes('array'));
}
