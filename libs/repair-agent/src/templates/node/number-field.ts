import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { mistypedNumberFields } from './schema-field.js';
import { keyName, linesOf, parseFile, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';

const ID = 'node.number-field';

/**
 * A 2xx whose body has a field the contract types as a number holding something else
 * (`/average must be number`), because the literal that makes the field computes it with
 * - `x.toFixed(n)`, which returns a string → `Number(x.toFixed(n))`, the same rounding as a number;
 * - a sum by `reduce` without an initial value (`rows.reduce((s, r) => s + r.price * r.qty)`),
 *   whose first accumulator is the first element, an object: `'[object Object]…'` → NaN → null
 *   in JSON → the initial value the sum needs, `0`.
 * The value may read the reduce through a local (`const total = rows.reduce(…); … total: round(total)`).
 * One candidate per literal property whose value has one of these shapes.
 */
export const nodeNumberField: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'compute a documented number field as a number (toFixed string, reduce without an initial value)',
  evidence: { kinds: ['schema_mismatch'] },
  async *candidates({ cause, tree }) {
    const fields = mistypedNumberFields(cause);
    if (fields.size === 0) return;
    for (const file of await projectSourceFiles(tree)) {
      const source = await tree.read(file);
      if (source === null || ![...fields].some((f) => source.includes(f))) continue;
      const program = parseFile(file, source);
      if (!program) continue;
      for (const { node, ancestors } of walk(program)) {
        if (node.type !== 'Property' || node['computed'] || !fields.has(keyName(node['key'] as EsNode) ?? '')) continue;
        const value = node['value'] as EsNode;
        const edit = toFixedEdit(source, value) ?? reduceEdit(value, ancestors);
        if (!edit) continue;
        await tree.write(file, replaceRange(source, edit.start, edit.end, edit.text));
        yield {
          key: `${ID}#${edit.kind}`,
          summary:
            `${edit.kind === 'to-fixed' ? 'Number(…toFixed())' : 'reduce(…, 0)'} ` +
            `for ${keyName(node['key'] as EsNode)!} (${file}:${linesOf(node)[0]})`,
          template: { recipe: ID, mode: edit.kind },
        };
      }
    }
  },
};

type Edit = { start: number; end: number; text: string; kind: 'to-fixed' | 'reduce-initial' };

// The first `….toFixed(n)` call in the value not already under `Number(…)`.
function toFixedEdit(source: string, value: EsNode): Edit | undefined {
  for (const { node, ancestors } of walk(value)) {
    if (node.type !== 'CallExpression' || propertyOf(node['callee'] as EsNode) !== 'toFixed') continue;
    const parent = ancestors.at(-1);
    if (
      parent?.type === 'CallExpression' &&
      ['Number', 'parseFloat'].includes(pathOf(parent['callee'] as EsNode) ?? '')
    )
      return undefined;
    const [start, end] = spanOf(node);
    return { start, end, text: `Number(${textOf(source, node)})`, kind: 'to-fixed' };
  }
  return undefined;
}

// A sum by reduce with no initial value in the value, or in a local the value reads.
function reduceEdit(value: EsNode, ancestors: readonly EsNode[]): Edit | undefined {
  const direct = [...walk(value)].map((w) => w.node).find(isInitiallessSum);
  if (direct) return insertInitial(direct);
  const names = new Set(
    [...walk(value)]
      .map((w) => w.node)
      .filter((n) => n.type === 'Identifier')
      .map((n) => n['name'] as string),
  );
  const fn = [...ancestors].reverse().find(isFunction);
  if (!fn) return undefined;
  for (const { node } of walk(fn)) {
    const id = node['id'] as EsNode | undefined;
    const init = node['init'] as EsNode | undefined;
    if (node.type !== 'VariableDeclarator' || id?.type !== 'Identifier' || !names.has(id['name'] as string) || !init)
      continue;
    const sum = [init, ...[...walk(init)].map((w) => w.node)].find(isInitiallessSum);
    if (sum) return insertInitial(sum);
  }
  return undefined;
}

/** `xs.reduce((acc, x) => acc + …)`: one argument, a callback whose result adds to its accumulator. */
export function isInitiallessSum(node: EsNode): boolean {
  if (node.type !== 'CallExpression' || propertyOf(node['callee'] as EsNode) !== 'reduce') return false;
  const args = node['arguments'] as EsNode[];
  const callback = args[0];
  if (args.length !== 1 || !callback || !isFunction(callback)) return false;
  const acc = (callback['params'] as EsNode[])[0];
  if (acc?.type !== 'Identifier') return false;
  const body = callback['body'] as EsNode;
  const result =
    body.type === 'BlockStatement'
      ? ((body['body'] as EsNode[]).find((s) => s.type === 'ReturnStatement')?.['argument'] as EsNode | undefined)
      : body;
  return (
    result?.type === 'BinaryExpression' &&
    result['operator'] === '+' &&
    (result['left'] as EsNode).type === 'Identifier' &&
    (result['left'] as EsNode)['name'] === acc['name']
  );
}

function insertInitial(call: EsNode): Edit {
  const callback = (call['arguments'] as EsNode[])[0]!;
  const [, end] = spanOf(callback);
  return { start: end, end, text: ', 0', kind: 'reduce-initial' };
}

function propertyOf(callee: EsNode): string | null {
  return callee.type === 'MemberExpression' &&
    !callee['computed'] &&
    (callee['property'] as EsNode).type === 'Identifier'
    ? ((callee['property'] as EsNode)['name'] as string)
    : null;
}
