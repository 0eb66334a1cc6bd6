import type { ParsedModule } from './module-summary.js';
import { spelledImportModule } from './module-names.js';

/** Splits source into lines (without newlines) and joins them back, keeping the final newline. */
export function splitSource(source: string): { lines: string[]; join: (lines: readonly string[]) => string } {
  const trailing = source.endsWith('\n');
  const lines = (trailing ? source.slice(0, -1) : source).split('\n');
  return { lines, join: (out) => out.join('\n') + (trailing ? '\n' : '') };
}

/**
 * Makes `name` importable from `module` (absolute, or relative such as `..core`) in a file:
 * extends an existing single-line `from module import …` when there is one, else adds a line
 * after the last top-level import.
 */
export function addFromImport(source: string, summary: ParsedModule, module: string, name: string): string {
  const same = (imp: ParsedModule['imports'][number]) => imp.kind === 'from' && spelledImportModule(imp) === module;
  if (summary.imports.some((imp) => same(imp) && imp.names.some((n) => n.name === name && !n.asname))) return source;
  const { lines, join } = splitSource(source);
  const existing = summary.imports.find(
    (imp) => same(imp) && imp.line === imp.endLine && !imp.names.some((n) => n.name === '*'),
  );
  if (existing) {
    const index = existing.line - 1;
    const line = lines[index]!;
    const names = [...existing.names.map((n) => (n.asname ? `${n.name} as ${n.asname}` : n.name)), name].sort((a, b) =>
      a.localeCompare(b),
    );
    const comment = /\s+#.*$/.exec(line)?.[0] ?? '';
    lines[index] = `${line.slice(0, line.indexOf('from'))}from ${module} import ${names.join(', ')}${comment}`;
    return join(lines);
  }
  const after = summary.imports.reduce((max, imp) => Math.max(max, imp.endLine), 0);
  const at = after > 0 ? after : firstCodeLine(lines);
  lines.splice(at, 0, `from ${module} import ${name}`);
  return join(lines);
}

// After a module docstring, comments and blank lines at the top.
function firstCodeLine(lines: readonly string[]): number {
  let i = 0;
  while (i < lines.length && (lines[i]!.trim() === '' || lines[i]!.trim().startsWith('#'))) i++;
  const quote = /^\s*(?:[rRbBuU]{0,2})("""|''')/.exec(lines[i] ?? '');
  if (quote) {
    const closeOnSame = lines[i]!.indexOf(quote[1]!, lines[i]!.indexOf(quote[1]!) + 3) >= 0;
    if (!closeOnSame) while (i + 1 < lines.length && !lines[++i]!.includes(quote[1]!));
    i++;
  }
  return i;
}

/** Replaces whole-word `from` with `to` on one line (1-based); `attribute` limits it to `.from`. */
export function replaceWordOnLine(
  source: string,
  line: number,
  from: string,
  to: string,
  attribute = false,
): string | null {
  const { lines, join } = splitSource(source);
  const text = lines[line - 1];
  if (text === undefined) return null;
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = attribute ? new RegExp(`\\.${escaped}\\b`, 'g') : new RegExp(`(?<![\\w.])${escaped}\\b`, 'g');
  const replaced = text.replace(pattern, attribute ? `.${to}` : to);
  if (replaced === text) return null;
  lines[line - 1] = replaced;
  return join(lines);
}

/** Converts Python's UTF-8 byte column to a string index on that line. */
export function byteColumnToIndex(line: string, byteCol: number): number {
  const bytes = Buffer.from(line, 'utf8');
  return bytes.subarray(0, byteCol).toString('utf8').length;
}

/** Inserts `text` at a 1-based line / UTF-8 byte column. */
export function insertAt(source: string, line: number, byteCol: number, text: string): string {
  const { lines, join } = splitSource(source);
  const target = lines[line - 1]!;
  const at = byteColumnToIndex(target, byteCol);
  lines[line - 1] = target.slice(0, at) + text + target.slice(at);
  return join(lines);
}
