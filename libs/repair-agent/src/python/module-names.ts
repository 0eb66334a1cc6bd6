import type { ParsedModule } from './module-summary.js';

/**
 * Dotted import name of a module file (`app/routers/carts.py` → `app.routers.carts`). Apps are
 * run from their root (uvicorn app.main:app), so modules are named from there; a src/ layout
 * puts the import root one level down.
 */
export function moduleNameOf(file: string): string {
  const parts = file.replace(/\.py$/, '').split('/');
  if (parts.at(-1) === '__init__') parts.pop();
  if (parts[0] === 'src' && parts.length > 1) parts.shift();
  return parts.join('.');
}

/** Whether a module file is a package (`__init__.py`): its relative imports start at itself. */
function isPackageFile(file: string): boolean {
  return /(^|\/)__init__\.py$/.test(file);
}

type ImportNode = ParsedModule['imports'][number];

/** The absolute module a `from` import names (`from ..core import x` in `pkg.api.a` → `pkg.core`). */
export function absoluteImportModule(importerFile: string, imp: Pick<ImportNode, 'level' | 'module'>): string {
  if (imp.level === 0) return imp.module ?? '';
  const parts = moduleNameOf(importerFile).split('.');
  const pkg = isPackageFile(importerFile) ? parts : parts.slice(0, -1);
  const base = pkg.slice(0, Math.max(0, pkg.length - (imp.level - 1)));
  return [...base, ...(imp.module ? imp.module.split('.') : [])].filter(Boolean).join('.');
}

/** Local names a module binds by import → the dotted names they stand for (relative imports resolved). */
export function importAliases(file: string, module: ParsedModule): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const imp of module.imports) {
    const from = imp.kind === 'from' ? absoluteImportModule(file, imp) : '';
    for (const n of imp.names) {
      if (imp.kind === 'from') aliases.set(n.asname ?? n.name, from ? `${from}.${n.name}` : n.name);
      // `import a.b` binds `a`; `import a.b as c` binds `c` to `a.b`.
      else aliases.set(n.asname ?? n.name.split('.')[0]!, n.asname ? n.name : n.name.split('.')[0]!);
    }
  }
  return aliases;
}

/**
 * How `file` should spell an import of `target` in a `from … import` line: relative
 * (`.endpoints`, `...core.clock`, `.`) when the file already imports project modules
 * relatively and `target` shares its top package, else the absolute name. Relative imports keep
 * working however the app is launched; absolute ones depend on the import root.
 */
export function importSpecifier(file: string, module: ParsedModule, target: string): string {
  const own = moduleNameOf(file).split('.');
  const wanted = target.split('.');
  const usesRelative = module.imports.some((imp) => imp.kind === 'from' && imp.level > 0);
  if (!usesRelative || own[0] !== wanted[0]) return target;
  const pkg = isPackageFile(file) ? own : own.slice(0, -1);
  let common = 0;
  while (common < pkg.length && common < wanted.length && pkg[common] === wanted[common]) common++;
  if (common === 0) return target;
  const dots = '.'.repeat(pkg.length - common + 1);
  return `${dots}${wanted.slice(common).join('.')}`;
}

/** `from X import` as the source spells X: dots for the level, then the module. */
export function spelledImportModule(imp: Pick<ImportNode, 'level' | 'module'>): string {
  return `${'.'.repeat(imp.level)}${imp.module ?? ''}`;
}
