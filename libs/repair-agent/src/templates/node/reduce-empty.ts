import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { successSchema, typesOf } from '../python/contract-schema.js';
import { keyName, linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { isInitiallessSum } from './number-field.js';
import { isFunction } from './object-keys.js';
import { documentedField } from './schema-field.js';

const ID = 'node.reduce-empty';

/**
 * `TypeError: Reduce of empty array with no initial value` at a sum by `reduce`
 * (`xs.reduce((sum, x) => sum + x)`) → the sum's initial value `0` (`xs.reduce(…, 0)`): the sum
 * of nothing. A non-empty list sums as before. Only when the sum fills a response field (the
 * literal's key, directly or through the local it is kept in) that the documented success
 * schema types as a number admitting 0; any other reduce (a max, a product, a concatenation, a
 * value no documented field shows) gets no candidate.
 */
export const nodeReduceEmpty: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'start a sum by reduce at 0 (Reduce of empty array with no initial value)',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true, contract: true },
  async *candidates({ exception, culprit, tree, operation }) {
    if (!culprit || !/^Reduce of empty array with no initial value/.test(exception?.message ?? '')) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    const onLine = [...walk(program)].filter(
      ({ node }) => isInitiallessSum(node) && linesOf(node)[0] <= culprit.line && culprit.line <= linesOf(node)[1],
    );
    const found = onLine.sort(
      (a, b) => spanOf(a.node)[1] - spanOf(a.node)[0] - (spanOf(b.node)[1] - spanOf(b.node)[0]),
    )[0];
    if (!found) return;
    const field = fieldFilled(found.node, found.ancestors);
    if (!field || !documentedNumber(successSchema(operation), field)) return;
    const [, end] = spanOf((found.node['arguments'] as EsNode[])[0]!);
    await tree.write(culprit.file, replaceRange(source, end, end, ', 0'));
    yield {
      key: ID,
      summary: `start the sum for ${field} at 0: reduce(…, 0) (${culprit.file}:${culprit.line})`,
      template: { recipe: ID },
    };
  },
};

// The response field the sum fills: `{ total: xs.reduce(…) }`, or `const total = xs.reduce(…)`
// read by a literal's `total` key (shorthand or value) in the same function.
function fieldFilled(call: EsNode, ancestors: readonly EsNode[]): string | null {
  const parent = [...ancestors]
    .reverse()
    .find((a) => a.type === 'Property' || a.type === 'VariableDeclarator' || isFunction(a));
  if (parent?.type === 'Property' && !parent['computed']) return keyName(parent['key'] as EsNode);
  const id = parent?.type === 'VariableDeclarator' ? (parent['id'] as EsNode) : undefined;
  if (id?.type !== 'Identifier' || parent?.['init'] !== call) return null;
  const name = id['name'] as string;
  const fn = [...ancestors].reverse().find(isFunction);
  if (!fn) return null;
  for (const { node } of walk(fn)) {
    if (node.type !== 'Property' || node['computed']) continue;
    const value = node['value'] as EsNode;
    if (value.type === 'Identifier' && value['name'] === name) return keyName(node['key'] as EsNode);
  }
  return null;
}

// Whether the schema types `field` as a number that may be 0.
function documentedNumber(schema: unknown, field: string): boolean {
  const own = documentedField(schema, field);
  if (!own || !typesOf(own).some((t) => t === 'number' || t === 'integer')) return false;
  const min = own['minimum'];
  const exclusive = own['exclusiveMinimum'];
  if (typeof min === 'number' && (min > 0 || (min === 0 && exclusive === true))) return false;
  return !(typeof exclusive === 'number' && exclusive >= 0);
}
