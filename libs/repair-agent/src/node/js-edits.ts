import { posix } from 'node:path';
import type { JsModule } from './js-module.js';

/** Replaces `source[start, end)` with `text`. */
export function replaceRange(source: string, start: number, end: number, text: string): string {
  return source.slice(0, start) + text + source.slice(end);
}

/** String offset of a 1-based line (and 0-based column). */
export function offsetOf(source: string, line: number, column = 0): number {
  let offset = 0;
  for (let i = 1; i < line; i++) {
    const next = source.indexOf('\n', offset);
    if (next < 0) return source.length;
    offset = next + 1;
  }
  return offset + column;
}

/** The text of a 1-based line. */
export function lineText(source: string, line: number): string {
  const start = offsetOf(source, line);
  const end = source.indexOf('\n', start);
  return source.slice(start, end < 0 ? source.length : end);
}

/** Indentation of the line containing `offset`. */
export function indentAt(source: string, offset: number): string {
  const start = source.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(source.slice(start))![0];
}

// The file's own conventions: quotes, semicolons, whether relative specifiers carry extensions.
function conventions(source: string, module: JsModule) {
  const first = module.imports[0];
  const statement = first ? source.slice(first.start, first.end) : '';
  const quote = /(['"])[^'"]*\1\s*\)?\s*;?\s*$/.exec(statement)?.[1] ?? "'";
  const semicolon = first ? statement.trimEnd().endsWith(';') : /;\s*$/m.test(source);
  const relatives = module.imports.filter((i) => i.source.startsWith('.'));
  const extensions = relatives.length > 0 ? relatives.some((i) => /\.[cm]?js$/.test(i.source)) : module.style === 'esm';
  return { quote, semicolon, extensions };
}

/** The specifier `fromFile` uses for `toFile`, in the file's style (`./lib/text.js`, `../errors`). */
export function relativeSpecifier(source: string, module: JsModule, fromFile: string, toFile: string): string {
  let spec = posix.relative(posix.dirname(fromFile), toFile);
  if (!spec.startsWith('.')) spec = `./${spec}`;
  // A TypeScript file is imported by the name it compiles to (`./x.ts` → `./x.js`).
  spec = spec
    .replace(/\.tsx?$/, '.js')
    .replace(/\.mts$/, '.mjs')
    .replace(/\.cts$/, '.cjs');
  if (!conventions(source, module).extensions) spec = spec.replace(/\.js$/, '').replace(/\/index$/, '');
  return spec;
}

/**
 * Makes `name` available in a module from `specifier`: extends a one-line `import { … }` /
 * `const { … } = require(…)` of that specifier, else adds a statement after the last import in
 * the module's own style (ESM `import`, CommonJS `require`). `isDefault`: the default export.
 */
export function addJsImport(
  source: string,
  module: JsModule,
  specifier: string,
  name: string,
  isDefault: boolean,
): string {
  const style = conventions(source, module);
  const existing = module.imports.find((i) => i.source === specifier && i.braces && i.line === i.endLine);
  if (existing && !isDefault) {
    const statement = source.slice(existing.start, existing.end);
    const close = statement.indexOf('}');
    const inner = statement.slice(statement.indexOf('{') + 1, close);
    const names = inner
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    const afterBrace = statement.indexOf('{') + 1;
    const updated = `${statement.slice(0, afterBrace)} ${[...names, name].join(', ')} ${statement.slice(close)}`;
    return replaceRange(source, existing.start, existing.end, updated);
  }
  const q = style.quote;
  const end = style.semicolon ? ';' : '';
  const binding = isDefault ? name : `{ ${name} }`;
  const line =
    module.style === 'esm'
      ? `import ${binding} from ${q}${specifier}${q}${end}`
      : `const ${binding} = require(${q}${specifier}${q})${isDefault ? '' : ''}${end}`;
  if (module.importsEnd > 0) return replaceRange(source, module.importsEnd, module.importsEnd, `\n${line}`);
  // No imports yet: after a hashbang, 'use strict' and leading comments.
  const head = /^(#![^\n]*\n)?((?:\s*(?:\/\/[^\n]*|\/\*[\s\S]*?\*\/))*\s*)(['"]use strict['"];?\n)?/.exec(source)![0];
  return `${source.slice(0, head.length)}${line}\n${source.slice(head.length)}`;
}

/** Replaces the identifier `from` with `to` at whole-word positions within `[start, end)`. */
export function renameInRange(
  source: string,
  start: number,
  end: number,
  from: string,
  to: string,
  member: boolean,
): string | null {
  const escaped = from.replace(/[$]/g, '\\$');
  const pattern = member
    ? new RegExp(`(\\?\\.|\\.)${escaped}(?![\\w$])`, 'g')
    : new RegExp(`(?<![\\w$.])${escaped}(?![\\w$])`, 'g');
  const slice = source.slice(start, end);
  const replaced = slice.replace(pattern, member ? `$1${to}` : to);
  return replaced === slice ? null : replaceRange(source, start, end, replaced);
}
