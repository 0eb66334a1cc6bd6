import { absoluteImportModule, importSpecifier } from '../../python/module-names.js';
import type { ParsedModule } from '../../python/module-summary.js';
import { addFromImport, splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import { KNOWN_EXPORTS, type KnownExport } from '../../templates/python/known-exports.js';
import type { Recipe } from '../recipe.js';
import { PEP_249, dbApiExceptionModule } from './db-api-exception.js';

/**
 * `NameError: name 'X' is not defined` → import X: from the project module that defines it;
 * else the way another project module imports it (`from datetime import timedelta`); else, for a
 * PEP 249 exception (`IntegrityError`), from the database module the file works with; else from a
 * standard-library module the file (or the project) already imports from that defines it; else from
 * the standard library, FastAPI, SQLAlchemy or pydantic when X is one of their well-known exports
 * and (for a third-party package) the project depends on that package.
 */
export const pythonMissingImport: Recipe = {
  id: 'python.missing-import',
  language: 'python',
  summary: 'import a name the project defines, imports elsewhere, or a known library exports',
  async apply({ exception, culprit, tree, python }) {
    if (exception?.type !== 'NameError' || !culprit) return null;
    const name = /name '(\w+)' is not defined/.exec(exception.message)?.[1];
    if (!name) return null;
    const modules = await python.modules();
    const own = modules.get(culprit.file);
    if (!own) return null;
    const importedHere =
      own.imports.some((i) => i.names.some((n) => (n.asname ?? n.name) === name)) ||
      own.defs.some((d) => d.name === name);
    if (importedHere)
      return { summary: `${name} is already imported in ${culprit.file}`, template: {}, alreadyFixed: true };
    const source = await tree.read(culprit.file);
    if (source === null) return null;
    const found =
      (await projectDefinition(python, culprit.file, own, name)) ??
      importedElsewhere(modules, culprit.file, name) ??
      dbApiException(culprit.file, own, name) ??
      (PEP_249.has(name) ? undefined : await standardModuleExport(python, modules, culprit.file, name)) ??
      (await knownExport(tree, modules, name));
    if (!found) return null;
    const spelled = found.kind === 'from' ? importSpecifier(culprit.file, own, found.module) : found.module;
    const updated =
      found.kind === 'from' ? addFromImport(source, own, spelled, name) : addPlainImport(source, own, name);
    if (updated === source) return null;
    await tree.write(culprit.file, updated);
    const statement = found.kind === 'from' ? `from ${spelled} import ${name}` : `import ${name}`;
    return {
      summary: `${statement} in ${culprit.file} (${found.source})`,
      template: { recipe: 'python.missing-import', name, module: found.module, source: found.source },
    };
  },
};

interface Found {
  readonly kind: 'from' | 'import';
  /** Absolute dotted module (for `import`: the name itself). */
  readonly module: string;
  readonly source:
    | 'project definition'
    | 'imported elsewhere'
    | 'database driver'
    | 'standard library'
    | 'known export';
}

// A DB-API exception the file catches or raises, from the database module it already works with.
function dbApiException(file: string, own: ParsedModule, name: string): Found | undefined {
  const module = dbApiExceptionModule(file, own, name);
  return module ? { kind: 'from', module, source: 'database driver' } : undefined;
}

// Prefer functions and classes, then a module this file already imports from, then the shallowest.
async function projectDefinition(
  python: PythonProject,
  file: string,
  own: ParsedModule,
  name: string,
): Promise<Found | undefined> {
  const candidates = (await python.definitionsOf(name)).filter((d) => d.file !== file);
  if (candidates.length === 0) return undefined;
  const importedModules = new Set(own.imports.map((i) => absoluteImportModule(file, i)));
  const ranked = await Promise.all(candidates.map(async (c) => ({ ...c, module: await python.moduleName(c.file) })));
  const score = (c: (typeof ranked)[number]) =>
    (c.kind === 'variable' ? 0 : 2) + (importedModules.has(c.module) ? 1 : 0);
  ranked.sort(
    (a, b) =>
      score(b) - score(a) ||
      a.module.split('.').length - b.module.split('.').length ||
      a.module.localeCompare(b.module),
  );
  return { kind: 'from', module: ranked[0]!.module, source: 'project definition' };
}

// The module other project files import the name from, unaliased; the most common one, and
// none when two modules are as common (two different `Session`s are no certain import).
function importedElsewhere(modules: Map<string, ParsedModule>, file: string, name: string): Found | undefined {
  const counts = new Map<string, { found: Found; count: number }>();
  for (const [path, module] of modules) {
    if (path === file) continue;
    for (const imp of module.imports) {
      if (!imp.names.some((n) => n.name === name && (n.asname === null || n.asname === name))) continue;
      const found: Found =
        imp.kind === 'import'
          ? { kind: 'import', module: name, source: 'imported elsewhere' }
          : { kind: 'from', module: absoluteImportModule(path, imp), source: 'imported elsewhere' };
      const key = `${found.kind}:${found.module}`;
      counts.set(key, { found, count: (counts.get(key)?.count ?? 0) + 1 });
    }
  }
  const ranked = [...counts.values()].sort((a, b) => b.count - a.count);
  if (ranked.length === 0 || (ranked.length > 1 && ranked[1]!.count === ranked[0]!.count)) return undefined;
  return ranked[0]!.found;
}

// A standard-library module this file imports from (`from decimal import Decimal` lacks
// `ROUND_HALF_UP`), else one the rest of the project imports from, that defines the name; two
// such modules of one kind are no certain import (nor is a DB-API exception: every driver has one).
async function standardModuleExport(
  python: PythonProject,
  modules: Map<string, ParsedModule>,
  file: string,
  name: string,
): Promise<Found | undefined> {
  const own = librariesImported([modules.get(file)!]);
  const rest = librariesImported([...modules].filter(([path]) => path !== file).map(([, m]) => m)).filter(
    (m) => !own.includes(m),
  );
  for (const tier of [own, rest]) {
    const found = tier.length > 0 ? await python.standardExports(tier, name) : [];
    if (found.length === 1) return { kind: 'from', module: found[0]!, source: 'standard library' };
    if (found.length > 1) return undefined;
  }
  return undefined;
}

// Absolute modules named by `from X import …` and `import X` statements.
function librariesImported(modules: readonly ParsedModule[]): string[] {
  const out = new Set<string>();
  for (const module of modules) {
    for (const imp of module.imports) {
      if (imp.kind === 'from' && imp.level === 0 && imp.module) out.add(imp.module);
      if (imp.kind === 'import') for (const n of imp.names) out.add(n.name);
    }
  }
  return [...out].sort();
}

// A curated export, when its package is the standard library or one the project depends on.
async function knownExport(
  tree: SourceTree,
  modules: Map<string, ParsedModule>,
  name: string,
): Promise<Found | undefined> {
  const known: KnownExport | undefined = KNOWN_EXPORTS[name];
  if (!known) return undefined;
  if (known.packages) {
    let declared = false;
    for (const pkg of known.packages) declared ||= await dependsOn(tree, modules, pkg);
    if (!declared) return undefined;
  }
  return known.module === name
    ? { kind: 'import', module: name, source: 'known export' }
    : { kind: 'from', module: known.module, source: 'known export' };
}

/** Whether the project declares (requirements, pyproject, setup files, Pipfile) or imports a package. */
async function dependsOn(
  tree: Pick<SourceTree, 'list' | 'read'>,
  modules: Map<string, ParsedModule>,
  pkg: string,
): Promise<boolean> {
  const top = pkg.toLowerCase();
  for (const module of modules.values()) {
    for (const imp of module.imports) {
      const names =
        imp.kind === 'from' ? (imp.level === 0 && imp.module ? [imp.module] : []) : imp.names.map((n) => n.name);
      if (names.some((n) => n.split('.')[0]!.toLowerCase() === top)) return true;
    }
  }
  const declared = new RegExp(`(^|[^\\w.-])${top.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\w.-]|$)`, 'im');
  for (const path of await tree.list()) {
    if (!/(^|\/)(requirements[^/]*\.(txt|in)|pyproject\.toml|setup\.(py|cfg)|Pipfile)$/.test(path)) continue;
    const text = await tree.read(path);
    if (text !== null && declared.test(text)) return true;
  }
  return false;
}

/** `import json` after the last top-level import (or at the top, after a module docstring). */
export function addPlainImport(source: string, own: ParsedModule, name: string): string {
  const { lines, join } = splitSource(source);
  let at = own.imports.reduce((max, imp) => Math.max(max, imp.endLine), 0);
  if (at === 0) {
    while (at < lines.length && (lines[at]!.trim() === '' || lines[at]!.trim().startsWith('#'))) at++;
    const quote = /^\s*[rRuU]?("""|''')/.exec(lines[at] ?? '');
    if (quote) {
      const rest = lines[at]!.slice(lines[at]!.indexOf(quote[1]!) + 3);
      if (!rest.includes(quote[1]!)) while (at + 1 < lines.length && !lines[++at]!.includes(quote[1]!));
      at++;
    }
  }
  lines.splice(at, 0, `import ${name}`);
  return join(lines);
}
