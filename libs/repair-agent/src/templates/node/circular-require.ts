import { posix } from 'node:path';
import { replaceRange } from '../../node/js-edits.js';
import type { JsImport } from '../../node/js-module.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { culpritModule } from '../../recipes/node/scope.js';
import type { RepairTemplate } from '../template.js';
import { linesOf, parseFile, spanOf, textOf, walk, type EsNode } from './estree.js';
import { moduleBindingCandidates, requiresBack } from './circular-require-module.js';
import { isFunction } from './object-keys.js';

const ID = 'node.circular-require';

/**
 * `TypeError: credit is not a function` where `credit` was destructured at load time from a
 * project module (`const { credit } = require('./ledger')`) that requires this file back, directly
 * or through other modules: during the cycle the module's exports are not written yet, so the
 * binding is undefined for good. The evidence: the called name is a binding of such a top-level
 * destructuring `require`, the required module does export it (`module.exports = { credit }`,
 * `exports.credit =`), and its top-level requires lead back to the failing file. Fix: drop the
 * name from the destructuring and read it from the module when called. When the module only ever
 * adds to `exports`, a module binding (`const ledger = require('./ledger')`, `ledger.credit(…)`)
 * is first; a module that replaces `module.exports` leaves such a binding on the old, empty object,
 * so there (and as the second candidate otherwise) each use requires it lazily:
 * `require('./ledger').credit(…)`. A whole-module binding of such a module (`ledger.credit is not a
 * function`) is required at each use instead (circular-require-module.ts). Never for ES module
 * imports (live bindings), a module that does not export the name, or modules with no cycle
 * between them.
 */
export const nodeCircularRequire: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'read a binding of a circular require from its module when called, not at load time',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, node: given }) {
    const name = /^([A-Za-z_$][\w$]*) is not a function/.exec(exception?.message ?? '')?.[1];
    // `ledger.credit is not a function`: a whole-module binding of the cycle (circular-require-module.ts).
    const member = /^([A-Za-z_$][\w$]*)\.([A-Za-z_$][\w$]*) is not a function/.exec(exception?.message ?? '');
    const project = given ?? nodeProjectFor(tree);
    const module = culprit ? await culpritModule(project, culprit.file) : undefined;
    if (culprit && module && member) {
      const [, binding, called] = member as unknown as [string, string, string];
      const failure = {
        id: ID,
        project,
        tree,
        module,
        file: culprit.file,
        line: culprit.line,
        binding,
        member: called,
      };
      yield* moduleBindingCandidates(failure);
      return;
    }
    if (!culprit || !name || !module) return;
    const imp = module.imports.find((i) => i.kind === 'require' && i.braces && i.names.some((n) => n.local === name));
    const imported = imp?.names.find((n) => n.local === name)?.imported;
    const target = imp ? await project.resolve(culprit.file, imp.source) : undefined;
    const targetModule = target ? (await project.modules()).get(target) : undefined;
    if (!imp || !imported || !target || !targetModule?.exports.some((e) => e.name === imported)) return;
    if (!(await requiresBack(project, target, culprit.file))) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    const site = program && source !== null ? destructured(program, imp, name, culprit.line) : undefined;
    if (!site || source === null) return;
    const call = textOf(source, site.declarator['init'] as EsNode);
    // A module replacing `module.exports` leaves a binding taken during the cycle on the old object.
    const replaces = targetModule.style === 'cjs' && targetModule.exports.some((e) => e.name === 'default');
    const binding = replaces ? undefined : bindingName(program!, module.imports, imp, target);
    if (binding) {
      const kind = site.statement['kind'] as string;
      const own = binding.existing ? '' : `${kind} ${binding.name} = ${call};`;
      await tree.write(culprit.file, rewrite(source, site, `${binding.name}.${imported}`, own));
      yield {
        key: ID,
        summary: `call ${binding.name}.${imported} in ${culprit.file}: ${imp.source} requires it back (a cycle)`,
        template: { recipe: ID },
      };
    }
    await tree.write(culprit.file, rewrite(source, site, `${call}.${imported}`, ''));
    yield {
      key: `${ID}#lazy`,
      summary: `require ${imp.source} where ${imported} is called in ${culprit.file} (the modules require each other)`,
      template: { recipe: `${ID}#lazy` },
    };
  },
};

interface Site {
  readonly statement: EsNode;
  readonly declarator: EsNode;
  readonly property: EsNode;
  readonly uses: readonly { node: EsNode; shorthand: boolean }[];
}

// The destructuring statement (one declarator, the name one of its properties), and every use of
// the name elsewhere in the file, one of them a call on the failing line. Undefined when the file
// declares the name anywhere else (a parameter or local of the same name is another binding).
function destructured(program: EsNode, imp: JsImport, name: string, line: number): Site | undefined {
  const statement = (program['body'] as EsNode[]).find((s) => spanOf(s)[0] === imp.start);
  const declarators = (statement?.['declarations'] as EsNode[] | undefined) ?? [];
  const declarator = declarators[0];
  const pattern = declarator?.['id'] as EsNode | undefined;
  if (!statement || declarators.length !== 1 || pattern?.type !== 'ObjectPattern') return undefined;
  const property = (pattern['properties'] as EsNode[]).find(
    (p) =>
      p.type === 'Property' && (p['value'] as EsNode).type === 'Identifier' && (p['value'] as EsNode)['name'] === name,
  );
  if (!property) return undefined;
  const [start, end] = spanOf(statement);
  const uses: { node: EsNode; shorthand: boolean }[] = [];
  let called = false;
  for (const { node, ancestors } of walk(program)) {
    const [s] = spanOf(node);
    if (node.type !== 'Identifier' || node['name'] !== name || (s >= start && s < end)) continue;
    const parent = ancestors.at(-1)!;
    if (parent.type === 'MemberExpression' && parent['property'] === node && !parent['computed']) continue;
    if (/^TS/.test(parent.type) && !/^TS(As|NonNull|Satisfies)Expression$/.test(parent.type)) continue;
    if (parent.type === 'Property' && parent['key'] === node && !parent['shorthand']) {
      if (ancestors.at(-2)?.type === 'ObjectPattern') return undefined;
      continue;
    }
    if (declares(node, parent, ancestors.at(-2))) return undefined;
    const [first, last] = linesOf(parent);
    if (parent.type === 'CallExpression' && parent['callee'] === node && first <= line && line <= last) called = true;
    uses.push({ node, shorthand: parent.type === 'Property' && !!parent['shorthand'] });
  }
  return called ? { statement, declarator, property, uses } : undefined;
}

function declares(node: EsNode, parent: EsNode, grand: EsNode | undefined): boolean {
  if (parent.type === 'VariableDeclarator') return parent['id'] === node;
  if (isFunction(parent) || /^Class(Declaration|Expression)$/.test(parent.type))
    return parent['id'] === node || (parent['params'] as EsNode[] | undefined)?.includes(node) === true;
  if (parent.type === 'Property' && grand?.type === 'ObjectPattern') return true;
  return /^(CatchClause|RestElement|ArrayPattern|AssignmentPattern|Import\w*Specifier)$/.test(parent.type);
}

// The module binding to call through: a whole-module require of the same file already there, else
// the file's name in camelCase (`ledger-service.js` → `ledgerService`) when the file names it nowhere.
function bindingName(
  program: EsNode,
  imports: readonly JsImport[],
  imp: JsImport,
  target: string,
): { name: string; existing: boolean } | undefined {
  const whole = imports.find((i) => i.source === imp.source && i.names.length === 1 && i.names[0]!.imported === '*');
  if (whole) return { name: whole.names[0]!.local, existing: true };
  const base = posix.basename(target).replace(/\.[cm]?[jt]sx?$/, '');
  const camel = base.replace(/[-_.]+([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/[^\w$]/g, '');
  const taken = new Set([...walk(program)].filter((w) => w.node.type === 'Identifier').map((w) => w.node['name']));
  const name = [camel, `${camel}Module`].find((n) => /^[A-Za-z_$]/.test(n) && !taken.has(n));
  return name ? { name, existing: false } : undefined;
}

// Every use qualified (`x` → `qualified`, `{ x }` → `{ x: qualified }`), the name dropped from the
// destructuring (the statement replaced by `own`, or removed, when it was the only one).
function rewrite(source: string, site: Site, qualified: string, own: string): string {
  const properties = (site.declarator['id'] as EsNode)['properties'] as EsNode[];
  const index = properties.indexOf(site.property);
  const edits: { start: number; end: number; text: string }[] = site.uses.map(({ node, shorthand }) => {
    const [start, end] = spanOf(node);
    return { start, end, text: shorthand ? `${node['name'] as string}: ${qualified}` : qualified };
  });
  const [start, end] = spanOf(site.statement);
  if (properties.length === 1) {
    const lineEnd = own || source[end] !== '\n' ? end : end + 1;
    edits.push({ start, end: lineEnd, text: own });
  } else {
    const next = properties[index + 1];
    const [from, to] = next
      ? [spanOf(site.property)[0], spanOf(next)[0]]
      : [spanOf(properties[index - 1]!)[1], spanOf(site.property)[1]];
    edits.push({ start: from, end: to, text: '' });
    if (own) edits.push({ start: end, end, text: `\n${own}` });
  }
  let out = source;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = replaceRange(out, edit.start, edit.end, edit.text);
  return out;
}
