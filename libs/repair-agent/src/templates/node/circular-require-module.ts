import { replaceRange } from '../../node/js-edits.js';
import type { JsModule } from '../../node/js-module.js';
import type { NodeProject } from '../../node/node-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { TemplateCandidate } from '../template.js';
import { linesOf, parseFile, spanOf, textOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';

/**
 * Whether `from`'s top-level requires and imports reach `to` (breadth first over project files):
 * a cycle, so one of the two modules is handed the other's exports before they are written.
 */
export async function requiresBack(project: NodeProject, from: string, to: string): Promise<boolean> {
  const modules = await project.modules();
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const imp of modules.get(file)?.imports ?? []) {
      const next = await project.resolve(file, imp.source);
      if (next === to) return true;
      if (!next || seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return false;
}

/** What the whole-module case needs: the failing call `binding.member(…)` at the culprit's line. */
export interface ModuleBindingFailure {
  readonly id: string;
  readonly project: NodeProject;
  readonly tree: SourceTree;
  readonly module: JsModule;
  readonly file: string;
  readonly line: number;
  readonly binding: string;
  readonly member: string;
}

/**
 * `TypeError: ledger.credit is not a function` where `ledger` is a whole-module require
 * (`const ledger = require('./ledger')`) of a module that replaces `module.exports` and requires
 * this file back: the binding was taken during the cycle and keeps the old, empty exports object
 * for good. Evidence: the module does export the member, replaces `module.exports`, its requires
 * lead back here, and the binding is only used inside functions (a load-time use would still meet
 * the cycle). Fix: drop the binding and require the module at each use, when it is called.
 */
export async function* moduleBindingCandidates(failure: ModuleBindingFailure): AsyncGenerator<TemplateCandidate> {
  const { id, project, tree, module, file, line, binding, member } = failure;
  const imp = module.imports.find(
    (i) =>
      i.kind === 'require' && i.names.length === 1 && i.names[0]!.imported === '*' && i.names[0]!.local === binding,
  );
  const target = imp ? await project.resolve(file, imp.source) : undefined;
  const targetModule = target ? (await project.modules()).get(target) : undefined;
  if (!imp || !target || !targetModule || targetModule.style !== 'cjs') return;
  // A module only adding to `exports` fills the very object the binding holds: no lasting hole.
  const names = targetModule.exports.map((e) => e.name);
  if (!names.includes('default') || !names.includes(member)) return;
  if (!(await requiresBack(project, target, file))) return;
  const source = await tree.read(file);
  const program = source === null ? null : parseFile(file, source);
  const statement = program ? declaration(program, imp.start, binding) : undefined;
  const uses = program && statement ? usesInFunctions(program, statement, binding, member, line) : undefined;
  if (!statement || !uses || source === null) return;
  const call = textOf(source, (statement['declarations'] as EsNode[])[0]!['init'] as EsNode);
  const [start, end] = spanOf(statement);
  const edits = uses.map((u) => ({ start: spanOf(u)[0], end: spanOf(u)[1], text: call }));
  edits.push({ start, end: source[end] === '\n' ? end + 1 : end, text: '' });
  let out = source;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = replaceRange(out, edit.start, edit.end, edit.text);
  await tree.write(file, out);
  yield {
    key: `${id}#lazy-module`,
    summary: `require ${imp.source} where ${binding} is used in ${file} (the modules require each other)`,
    template: { recipe: `${id}#lazy-module` },
  };
}

// `const ledger = require('./ledger');`, the statement of the require (one declarator).
function declaration(program: EsNode, start: number, binding: string): EsNode | undefined {
  const statement = (program['body'] as EsNode[]).find((s) => spanOf(s)[0] === start);
  const declarators = (statement?.['declarations'] as EsNode[] | undefined) ?? [];
  const id = declarators[0]?.['id'] as EsNode | undefined;
  return declarators.length === 1 && id?.type === 'Identifier' && id['name'] === binding ? statement : undefined;
}

// Every reference to the binding, each inside a function, one of them `binding.member(…)` on the
// failing line. Undefined when one runs at load time, or the name is declared again anywhere.
function usesInFunctions(
  program: EsNode,
  statement: EsNode,
  binding: string,
  member: string,
  line: number,
): EsNode[] | undefined {
  const [start, end] = spanOf(statement);
  const uses: EsNode[] = [];
  let called = false;
  for (const { node, ancestors } of walk(program)) {
    if (node.type !== 'Identifier' || node['name'] !== binding) continue;
    const [s] = spanOf(node);
    if (s >= start && s < end) continue;
    const parent = ancestors.at(-1)!;
    if (parent.type === 'MemberExpression' && parent['property'] === node && !parent['computed']) continue;
    if (parent.type === 'Property' && parent['key'] === node && !parent['shorthand']) continue;
    // Shadowed (a parameter, a local, a shorthand property) or used at load time: not this binding's fix.
    if (!reference(node, parent) || !ancestors.some(isFunction)) return undefined;
    const callee = ancestors.at(-2);
    if (parent.type === 'MemberExpression' && (parent['property'] as EsNode)['name'] === member) {
      const [first, last] = linesOf(parent);
      if (callee?.type === 'CallExpression' && callee['callee'] === parent && first <= line && line <= last)
        called = true;
    }
    uses.push(node);
  }
  return called ? uses : undefined;
}

// A plain read of the name (not a declaration, a parameter, a shorthand or pattern position).
function reference(node: EsNode, parent: EsNode): boolean {
  if (parent.type === 'VariableDeclarator') return parent['id'] !== node;
  if (isFunction(parent) || /^Class(Declaration|Expression)$/.test(parent.type))
    return parent['id'] !== node && !(parent['params'] as EsNode[] | undefined)?.includes(node);
  if (parent.type === 'Property' && parent['shorthand']) return false;
  return !/^(CatchClause|RestElement|ArrayPattern|AssignmentPattern|ObjectPattern)$/.test(parent.type);
}
