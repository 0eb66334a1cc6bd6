import { createRequire } from 'node:module';
import { addJsImport, relativeSpecifier } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import type { JsModule } from '../../node/js-module.js';
import type { Recipe, RecipeOutcome } from '../recipe.js';
import { culpritModule, undefinedName } from './scope.js';

/**
 * `ReferenceError: X is not defined` where another project module exports X → import it, in the
 * file's own style (`import { X } from './x.js'` or `const { X } = require('./x')`); else the one
 * Node built-in module that exports a function X (`randomUUID` → `crypto`).
 */
export const nodeMissingImport: Recipe = {
  id: 'node.missing-import',
  language: 'node',
  summary: 'import a name another project module exports',
  async apply({ exception, culprit, tree, node: given }) {
    const node = given ?? nodeProjectFor(tree);
    const name = undefinedName(exception);
    if (!name || !culprit) return null;
    const module = await culpritModule(node, culprit.file);
    if (!module) return null;
    if (module.imports.some((i) => i.names.some((n) => n.local === name)) || module.defs.some((d) => d.name === name)) {
      return { summary: `${name} is already bound in ${culprit.file}`, template: {}, alreadyFixed: true };
    }
    const candidates = (await node.exportersOf(name)).filter((c) => c.file !== culprit.file);
    if (candidates.length === 0) return importBuiltin(tree, module, culprit.file, name);
    // Named exports before default ones, then a module this file already imports, then the nearest.
    const imported = new Set(await Promise.all(module.imports.map((i) => node.resolve(culprit.file, i.source))));
    const score = (c: (typeof candidates)[number]) => (c.isDefault ? 0 : 2) + (imported.has(c.file) ? 1 : 0);
    candidates.sort(
      (a, b) =>
        score(b) - score(a) || a.file.split('/').length - b.file.split('/').length || a.file.localeCompare(b.file),
    );
    const chosen = candidates[0]!;
    const source = await tree.read(culprit.file);
    if (source === null) return null;
    const specifier = relativeSpecifier(source, module, culprit.file, chosen.file);
    // Reuse the exact specifier of an existing import of that module (`./x` vs `./x.js`).
    const sameSpecifier = module.imports.find(
      (i) => i.source !== specifier && i.source.replace(/\.[cm]?js$/, '') === specifier.replace(/\.[cm]?js$/, ''),
    );
    const updated = addJsImport(source, module, sameSpecifier?.source ?? specifier, name, chosen.isDefault);
    await tree.write(culprit.file, updated);
    return {
      summary: `import ${name} from ${sameSpecifier?.source ?? specifier} in ${culprit.file}`,
      template: { recipe: 'node.missing-import', name, module: chosen.file, default: chosen.isDefault },
    };
  },
};

const requireBuiltin = createRequire(import.meta.url);

// The stable built-ins app code imports from (loading them has no side effects or warnings).
const BUILTINS = [
  'assert',
  'buffer',
  'child_process',
  'crypto',
  'dns',
  'events',
  'fs',
  'http',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'querystring',
  'readline',
  'stream',
  'string_decoder',
  'timers',
  'url',
  'util',
  'worker_threads',
  'zlib',
];

// The one built-in module whose export `name` is a function or class, as this Node has them:
// `randomUUID` → crypto; `format` (path, url, util) → none.
function builtinExporting(name: string): string | undefined {
  const found = BUILTINS.filter((m) => {
    try {
      const exported = requireBuiltin(m) as Record<string, unknown>;
      return Object.prototype.hasOwnProperty.call(exported, name) && typeof exported[name] === 'function';
    } catch {
      return false;
    }
  });
  return found.length === 1 ? found[0] : undefined;
}

async function importBuiltin(
  tree: Parameters<Recipe['apply']>[0]['tree'],
  module: JsModule,
  file: string,
  name: string,
): Promise<RecipeOutcome | null> {
  const builtin = builtinExporting(name);
  const source = builtin ? await tree.read(file) : null;
  if (!builtin || source === null) return null;
  // `node:crypto` when the file already names built-ins that way.
  const specifier = module.imports.some((i) => i.source.startsWith('node:')) ? `node:${builtin}` : builtin;
  await tree.write(file, addJsImport(source, module, specifier, name, false));
  return {
    summary: `import ${name} from ${specifier} in ${file}`,
    template: { recipe: 'node.missing-import', name, module: specifier, default: false },
  };
}
