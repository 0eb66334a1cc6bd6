import { absoluteImportModule, importSpecifier } from '../../python/module-names.js';
import { addFromImport } from '../../python/python-edits.js';
import type { Recipe } from '../recipe.js';

/** `NameError: name 'X' is not defined` where the project defines X elsewhere → import it. */
export const pythonMissingImport: Recipe = {
  id: 'python.missing-import',
  language: 'python',
  summary: 'import a name the project defines in another module',
  async apply({ exception, culprit, tree, python }) {
    if (exception?.type !== 'NameError' || !culprit) return null;
    const name = /name '(\w+)' is not defined/.exec(exception.message)?.[1];
    if (!name) return null;
    const modules = await python.modules();
    const own = modules.get(culprit.file);
    if (!own) return null;
    const importedHere = own.imports.some((i) => i.names.some((n) => (n.asname ?? n.name) === name)) || own.defs.some((d) => d.name === name);
    if (importedHere) return { summary: `${name} is already imported in ${culprit.file}`, template: {}, alreadyFixed: true };
    const candidates = (await python.definitionsOf(name)).filter((d) => d.file !== culprit.file);
    if (candidates.length === 0) return null;
    // Prefer functions and classes, then a module this file already imports from, then the shallowest.
    const importedModules = new Set(own.imports.map((i) => absoluteImportModule(culprit.file, i)));
    const ranked = await Promise.all(candidates.map(async (c) => ({ ...c, module: await python.moduleName(c.file) })));
    const score = (c: (typeof ranked)[number]) => (c.kind === 'variable' ? 0 : 2) + (importedModules.has(c.module) ? 1 : 0);
    ranked.sort((a, b) => score(b) - score(a) || a.module.split('.').length - b.module.split('.').length || a.module.localeCompare(b.module));
    const chosen = ranked[0]!;
    const source = await tree.read(culprit.file);
    if (source === null) return null;
    // In the file's own style: a file that imports its package relatively gets a relative import.
    const spelled = importSpecifier(culprit.file, own, chosen.module);
    const updated = addFromImport(source, own, spelled, name);
    if (updated === source) return null;
    await tree.write(culprit.file, updated);
    return {
      summary: `import ${name} from ${spelled} in ${culprit.file}`,
      template: { recipe: 'python.missing-import', name, module: chosen.module },
    };
  },
};
