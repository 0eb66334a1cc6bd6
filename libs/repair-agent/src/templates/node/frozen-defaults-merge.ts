import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { linesOf, parseFile, pathOf, spanOf, walk, type EsNode } from './estree.js';

const ID = 'node.frozen-defaults-merge';
// V8's words for writing to a frozen object: a new key, or an existing one.
const FROZEN = /^Cannot add property [^,]+, object is not extensible|^Cannot assign to read only property /;

/**
 * `const row = Object.assign(DEFAULTS, input, …)` where `DEFAULTS` is a module-level constant the
 * file freezes (`const DEFAULTS = Object.freeze({ … })`): the merge writes into the shared
 * defaults, so V8 refuses it (`TypeError: Cannot add property text, object is not extensible`, or
 * `Cannot assign to read only property`) → the merge goes into a fresh object,
 * `Object.assign({}, DEFAULTS, input, …)`: the defaults stay shared and unchanged, every request
 * gets them. Evidence: that message at an `Object.assign` call on the culprit line whose first
 * argument is such a frozen constant. Not when the call's result is discarded (the code means to
 * change the constant itself, which the freeze forbids for a reason this code does not state),
 * nor for a target that is not frozen at module level (a record from a store: node.frozen-update).
 * Never unfreezes the constant: every later merge would then inherit the last request's values.
 */
export const nodeFrozenDefaultsMerge: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'merge into a new object instead of into frozen shared defaults',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    if (!culprit || !FROZEN.test(exception?.message ?? '')) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    const frozen = frozenConstants(program);
    for (const { node, ancestors } of walk(program)) {
      if (node.type !== 'CallExpression' || pathOf(node['callee'] as EsNode) !== 'Object.assign') continue;
      if (linesOf(node)[0] !== culprit.line) continue;
      const target = (node['arguments'] as EsNode[])[0];
      const name = target?.type === 'Identifier' ? (target['name'] as string) : null;
      if (!name || !frozen.has(name) || ancestors.at(-1)?.type === 'ExpressionStatement') continue;
      const [start] = spanOf(target!);
      await tree.write(culprit.file, replaceRange(source, start, start, '{}, '));
      yield {
        key: ID,
        summary:
          `merge into a new object, Object.assign({}, ${name}, …), not into the frozen ${name} ` +
          `(${culprit.file}:${culprit.line})`,
        template: { recipe: ID, defaults: name },
      };
      return;
    }
  },
};

// `const NAME = Object.freeze(…)` (with or without `as const` / a cast) at the top of the module.
function frozenConstants(program: EsNode): Set<string> {
  const names = new Set<string>();
  for (const statement of program['body'] as EsNode[]) {
    const declaration =
      statement.type === 'ExportNamedDeclaration' ? (statement['declaration'] as EsNode | null) : statement;
    if (declaration?.type !== 'VariableDeclaration' || declaration['kind'] !== 'const') continue;
    for (const declarator of declaration['declarations'] as EsNode[]) {
      let init = declarator['init'] as EsNode | null;
      while (init && (init.type === 'TSAsExpression' || init.type === 'TSSatisfiesExpression'))
        init = init['expression'] as EsNode;
      const id = declarator['id'] as EsNode;
      if (init?.type === 'CallExpression' && pathOf(init['callee'] as EsNode) === 'Object.freeze')
        if (id.type === 'Identifier') names.add(id['name'] as string);
    }
  }
  return names;
}
