import { replaceRange } from '../../node/js-edits.js';
import type { JsModule } from '../../node/js-module.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { closestName, words } from '../../similarity.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { calledRequire } from './called-require.js';
import { parseFile, spanOf, walk, type EsNode } from './estree.js';

const ID = 'node.import-name';

/**
 * `TypeError: validateOrder is not a function` where the name is destructured by a top-level
 * `require` of a project module (`const { validateOrder } = require('../validators/order')`)
 * whose exports hold no member of that name, only one of another name meant for it
 * (`module.exports = { validateOrderInput, validateStatusInput }`): the binding is undefined, so
 * the call fails. Fix: bind the export under the local name the file uses
 * (`{ validateOrderInput: validateOrder }`), so every call site stays as written and the
 * validation still runs.
 *
 * The export is the one function or class of the module, not bound already by the file, whose
 * words hold all of the name's (`validateOrder` → `validateOrderInput`) or are all in it; else the
 * one closest spelling. Two such exports: none (the name is ambiguous). Never for a module that
 * does export the name (a require cycle or a shape problem: node.circular-require,
 * node.import-shape) nor for ES module imports (a missing named import fails at link time).
 */
export const nodeImportName: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'bind the export a destructured require meant under the name the file calls',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, node: given }) {
    const called = await calledRequire(exception?.message, culprit, tree, given ?? nodeProjectFor(tree));
    if (!culprit || !called?.imp.braces) return;
    const { name, module, source, imp, binding, targetModule } = called;
    // A module assigning a function itself is node.import-shape's; an object of members is this one's.
    const own = targetModule.exports.some((e) => e.name === 'default' && !e.shape);
    if (own || targetModule.exports.some((e) => e.name === binding.imported)) return;
    const bound = new Set(
      module.imports.filter((i) => i.source === imp.source).flatMap((i) => i.names.map((n) => n.imported)),
    );
    const pool = targetModule.exports
      .map((e) => e.name)
      .filter((e) => e !== 'default' && !bound.has(e) && callable(targetModule, e));
    const meant = meantExport(binding.imported, pool);
    const program = meant ? parseFile(culprit.file, source) : null;
    const property = program ? propertyOf(program, imp.start, name) : undefined;
    if (!meant || !property) return;
    await tree.write(culprit.file, replaceRange(source, ...spanOf(property), `${meant}: ${name}`));
    yield {
      key: siteKey(ID, culprit.file, imp.line),
      summary:
        `bind ${meant} (exported by ${imp.source}, which has no ${binding.imported}) as ${name} ` +
        `(${culprit.file}:${imp.line})`,
      template: { recipe: ID, from: binding.imported, to: meant },
    };
  },
};

/**
 * The one export whose words hold all of `name`'s or are all in it (`validateOrder`,
 * `validateOrderInput`), else the one closest spelling (`valdateOrder`).
 */
export function meantExport(name: string, exports: readonly string[]): string | undefined {
  const own = words(name);
  const worded = exports.filter((e) => {
    const theirs = words(e);
    const [small, large] = theirs.length < own.length ? [theirs, own] : [own, theirs];
    return small.length >= 2 && small.every((w) => large.includes(w));
  });
  if (worded.length > 1) return undefined;
  return worded[0] ?? closestName(name, exports);
}

// An export bound to one of the module's functions or classes (what the failing call needs).
function callable(module: JsModule, name: string): boolean {
  const local = module.exports.find((e) => e.name === name)?.local;
  const def = local ? module.defs.find((d) => d.name === local) : undefined;
  return def !== undefined && def.kind !== 'variable';
}

// The `{ name }` (or `{ other: name }`) property of the destructuring in the require statement.
function propertyOf(program: EsNode, start: number, name: string): EsNode | undefined {
  const statement = (program['body'] as EsNode[]).find((s) => spanOf(s)[0] === start);
  if (!statement) return undefined;
  for (const { node } of walk(statement)) {
    if (node.type !== 'Property') continue;
    const value = node['value'] as EsNode;
    if (value.type === 'Identifier' && value['name'] === name) return node;
  }
  return undefined;
}
