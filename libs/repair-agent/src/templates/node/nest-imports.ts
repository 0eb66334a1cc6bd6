import { addJsImport, replaceRange } from '../../node/js-edits.js';
import type { JsModule } from '../../node/js-module.js';

/**
 * Adds `name` to the file's `@nestjs/common` import unless the file binds it. `module` may
 * describe the file before an edit made below its imports (a decorator, a guard): the import
 * statement is re-read from `source`.
 */
export function ensureNestImport(source: string, module: JsModule, name: string): string {
  return ensureNamedImport(source, module, '@nestjs/common', name);
}

/** Adds `name` to the file's one-line import from `specifier` (or a new import) unless the file binds it. */
export function ensureNamedImport(source: string, module: JsModule, specifier: string, name: string): string {
  if (module.imports.some((i) => i.names.some((n) => n.local === name))) return source;
  const existing = module.imports.find((i) => i.source === specifier && i.braces && i.line === i.endLine);
  if (existing) {
    const lineEnd = source.indexOf('\n', existing.start);
    const statement = source.slice(existing.start, lineEnd < 0 ? source.length : lineEnd);
    if (new RegExp(`[{,\\s]${name}[,\\s}]`).test(statement)) return source;
    const close = statement.indexOf('}');
    const names = statement
      .slice(statement.indexOf('{') + 1, close)
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    // In its place when the list is sorted, else last.
    const sorted = names.every((n, i) => i === 0 || names[i - 1]!.localeCompare(n) <= 0);
    const at = sorted ? names.filter((n) => n.localeCompare(name) < 0).length : names.length;
    const listed = [...names.slice(0, at), name, ...names.slice(at)];
    return replaceRange(
      source,
      existing.start,
      existing.start + close + 1,
      `${statement.slice(0, statement.indexOf('{') + 1)} ${listed.join(', ')} }`,
    );
  }
  return addJsImport(source, module, specifier, name, false);
}
