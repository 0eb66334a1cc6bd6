import { replaceRange } from '../../node/js-edits.js';
import type { JsImport, JsModule } from '../../node/js-module.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { calledRequire } from './called-require.js';
import { parseFile, spanOf, walk, type EsNode } from './estree.js';

const ID = 'node.import-shape';

/**
 * `TypeError: paginate is not a function` (or `is not a constructor`) where the name is bound by
 * a top-level `require` of a project module whose shape the binding gets wrong:
 * - destructured (`const { paginate } = require('./pagination')`) from a module that exports the
 *   function itself (`module.exports = paginate`, `module.exports = function …`, a class) and no
 *   member of that name: the binding is undefined. Fix: bind the module (`const paginate =
 *   require(…)`), the other destructured names kept in their own statement. The evidence is the
 *   module's export shape: its own export is callable and named like the binding, or it exports
 *   nothing else.
 * - the reverse, a whole-module binding (`const slugify = require('./text')`) called as a function
 *   where the module exports an object with a function of that name (`module.exports = { slugify }`)
 *   and is not callable itself: destructure it (`const { slugify } = require(…)`). Not when the
 *   file also reads members of the binding (`slugify.x`: it is used as the module there).
 * The call must be on the failing line. Never for ES module imports (a wrong named import fails
 * at link time, with another message), a module outside the project, or a module that does export
 * the name (then something else made it undefined, e.g. a require cycle: node.circular-require).
 */
export const nodeImportShape: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'bind a required module the way it exports the called function (itself, or as a member)',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, node: given }) {
    const called = await calledRequire(exception?.message, culprit, tree, given ?? nodeProjectFor(tree));
    const targetSource = called ? await tree.read(called.target) : null;
    if (!culprit || !called || targetSource === null) return;
    const { name, source, imp, binding, targetModule } = called;
    const program = parseFile(culprit.file, source);
    const statement = program && topStatement(program, imp);
    if (!program || !statement) return;
    const own = callableDefault(targetModule, targetSource);
    let updated: string | undefined;
    let how = '';
    if (imp.braces && binding.imported !== '*') {
      const member = targetModule.exports.some((e) => e.name === binding.imported);
      const others = targetModule.exports.filter((e) => e.name !== 'default');
      if (member || own === undefined || (own !== binding.imported && others.length > 0)) return;
      updated = bindWhole(source, statement, name);
      how = `bind ${name} to the module ${imp.source}: it exports the function itself, no ${binding.imported}`;
    } else if (!imp.braces && binding.imported === '*') {
      if (own !== undefined || !callableMember(targetModule, name) || readsMembers(program, name)) return;
      updated = destructure(source, statement, name);
      how = `destructure ${name} from ${imp.source}: it exports an object with ${name}, not the function itself`;
    }
    if (!updated) return;
    await tree.write(culprit.file, updated);
    yield {
      key: siteKey(ID, culprit.file, imp.line),
      summary: `${how} (${culprit.file}:${imp.line})`,
      template: { recipe: ID },
    };
  },
};

// The one-declarator `const`/`let` statement of the require (the module's imports are top-level).
function topStatement(program: EsNode, imp: JsImport): EsNode | undefined {
  const statement = (program['body'] as EsNode[]).find((s) => spanOf(s)[0] === imp.start);
  const declarations = statement?.['declarations'] as EsNode[] | undefined;
  return statement?.type === 'VariableDeclaration' && declarations?.length === 1 ? statement : undefined;
}

/**
 * The name of what a module assigns to `module.exports` when that is a function or class (`` for
 * an anonymous one); undefined when it is anything else (an object, a call's result).
 */
function callableDefault(module: JsModule, source: string): string | undefined {
  const own = module.exports.find((e) => e.name === 'default' && !e.shape);
  if (!own) return undefined;
  if (own.local !== null) {
    const def = module.defs.find((d) => d.name === own.local);
    return def && def.kind !== 'variable' ? own.local : undefined;
  }
  const program = module.style === 'cjs' ? parseFile(module.path, source) : null;
  for (const { node } of program ? walk(program) : []) {
    const left = node['left'] as EsNode | undefined;
    if (node.type !== 'AssignmentExpression' || left?.type !== 'MemberExpression') continue;
    const object = left['object'] as EsNode;
    const property = left['property'] as EsNode;
    if (object['name'] !== 'module' || property['name'] !== 'exports') continue;
    const right = node['right'] as EsNode;
    if (!/^(FunctionExpression|ArrowFunctionExpression|ClassExpression)$/.test(right.type)) return undefined;
    return ((right['id'] as EsNode | null)?.['name'] as string | undefined) ?? '';
  }
  return undefined;
}

// The module exports a member of that name bound to one of its functions or classes.
function callableMember(module: JsModule, name: string): boolean {
  const member = module.exports.find((e) => e.name === name);
  const def = member?.local ? module.defs.find((d) => d.name === member.local) : undefined;
  return def !== undefined && def.kind !== 'variable';
}

// `name.x` anywhere in the file: the binding is used as the module object there.
function readsMembers(program: EsNode, name: string): boolean {
  return [...walk(program)].some(
    ({ node }) => node.type === 'MemberExpression' && (node['object'] as EsNode)['name'] === name,
  );
}

// `const { a, paginate } = require(x)` → `const { a } = require(x);\nconst paginate = require(x);`.
function bindWhole(source: string, statement: EsNode, name: string): string | undefined {
  const declarator = (statement['declarations'] as EsNode[])[0]!;
  const properties = (declarator['id'] as EsNode)['properties'] as EsNode[];
  const index = properties.findIndex(
    (p) =>
      p.type === 'Property' && (p['value'] as EsNode).type === 'Identifier' && (p['value'] as EsNode)['name'] === name,
  );
  if (index < 0) return undefined;
  const kind = statement['kind'] as string;
  const init = source.slice(...spanOf(declarator['init'] as EsNode));
  const [start, end] = spanOf(statement);
  const whole = `${kind} ${name} = ${init};`;
  if (properties.length === 1) return replaceRange(source, start, end, whole);
  const next = properties[index + 1];
  const [from, to] = next
    ? [spanOf(properties[index]!)[0], spanOf(next)[0]]
    : [spanOf(properties[index - 1]!)[1], spanOf(properties[index]!)[1]];
  const kept = replaceRange(source, start, end, `${source.slice(start, end)}\n${whole}`);
  return replaceRange(kept, from, to, '');
}

// `const slugify = require(x)` → `const { slugify } = require(x)`.
function destructure(source: string, statement: EsNode, name: string): string {
  const id = (statement['declarations'] as EsNode[])[0]!['id'] as EsNode;
  return replaceRange(source, ...spanOf(id), `{ ${name} }`);
}
