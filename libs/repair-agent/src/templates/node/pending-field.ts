import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import type { RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, spanOf, textOf, walk, type EsNode } from './estree.js';
import { isFunction, propertyName } from './object-keys.js';
import { emptyObjectFields } from './response-body.js';

const ID = 'node.pending-field';

/**
 * A 2xx whose documented scalar field arrives as `{}` (`/seatsLeft must be integer`, the body
 * saying `"seatsLeft":{}`), or a documented object field as `{}` missing its required properties
 * (`/owner must have required property 'id'`, `"owner":{}`): the literal that builds it holds a Promise, `seatsLeft:
 * this.seats.seatsLeft(session)` calling one of the project's async functions without `await`,
 * and JSON makes a Promise `{}` → await the call; also when the field names a `const` of the same
 * function set to such a call (`const seats = this.seats.left(id)`; `{ ...session, seats }`), whose
 * initialiser gets the `await`. Only when the body holds exactly `{}` there,
 * the enclosing function is `async`, and one property of that name in the project calls an async
 * function unawaited; a property awaited already, or two such, nothing.
 */
export const nodePendingField: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'await the async call whose Promise a response field holds',
  evidence: { kinds: ['schema_mismatch'] },
  async *candidates({ cause, tree, node: given }) {
    const fields = emptyObjectFields(cause.violations);
    if (fields.size === 0) return;
    const asyncNames = await (given ?? nodeProjectFor(tree)).asyncNames();
    const found: { file: string; source: string; call: EsNode; field: string }[] = [];
    for (const file of await projectSourceFiles(tree)) {
      const source = await tree.read(file);
      if (source === null || ![...fields].some((f) => source.includes(f))) continue;
      const program = parseFile(file, source);
      for (const { node, ancestors } of program ? walk(program) : []) {
        if (node.type !== 'Property' || node['computed'] || !fields.has(keyName(node['key'] as EsNode) ?? '')) continue;
        const fn = [...ancestors].reverse().find(isFunction);
        const call = fn ? madeBy(fn, node['value'] as EsNode) : null;
        if (call?.type !== 'CallExpression' || !asyncNames.has(calleeName(call['callee'] as EsNode) ?? '')) continue;
        if (!fn?.['async']) continue;
        found.push({ file, source, call, field: keyName(node['key'] as EsNode)! });
      }
    }
    if (found.length !== 1) return;
    const { file, source, call, field } = found[0]!;
    await tree.write(file, replaceRange(source, spanOf(call)[0], spanOf(call)[0], 'await '));
    yield {
      key: ID,
      summary:
        `await ${textOf(source, call['callee'] as EsNode)}(...), ` +
        `the Promise ${field} held (${file}:${linesOf(call)[0]})`,
      template: { recipe: ID, callee: calleeName(call['callee'] as EsNode) ?? '' },
    };
  },
};

/**
 * The value a field holds: the expression itself, or what the one `const` of the same function by
 * that name was set to (`const lines = svc.linesOf(id)`; `{ ...order, lines }`); null for a `const`
 * of an outer function, a `let`, or a name declared twice.
 */
export function madeBy(fn: EsNode, value: EsNode): EsNode | null {
  if (value.type !== 'Identifier') return value;
  const inits: EsNode[] = [];
  for (const { node, ancestors } of walk(fn)) {
    const id = node.type === 'VariableDeclarator' ? (node['id'] as EsNode) : null;
    if (id?.type !== 'Identifier' || id['name'] !== value['name']) continue;
    if ([...ancestors].reverse().find(isFunction) !== fn || ancestors.at(-1)?.['kind'] !== 'const') return null;
    inits.push(node['init'] as EsNode);
  }
  return inits.length === 1 ? inits[0]! : null;
}

// `f` of `f(…)`, `svc.f(…)`, `this.svc.f(…)`.
function calleeName(callee: EsNode): string | null {
  if (callee.type === 'Identifier') return callee['name'] as string;
  if (callee.type === 'MemberExpression' && !callee['computed']) return propertyName(callee);
  return null;
}
