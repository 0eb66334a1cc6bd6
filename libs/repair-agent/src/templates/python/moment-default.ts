import { addFromImport, splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import { maskStrings } from './expression-text.js';
import { isMomentType } from './model-columns.js';

// `created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.utcnow, nullable=False)`
const MOMENT_DEFAULT =
  /^\s+\w+\s*(?::\s*Mapped\[(?:Optional\[)?(\w+)[^\]]*\]\]?)?\s*=\s*(?:mapped_column|Column)\((.*)\)\s*$/;
// What "now" is written as: a callable the ORM calls per insert (never a value computed once).
const NOW = new RegExp(
  String.raw`\b(?:server_)?default\s*=\s*(datetime\.utcnow|datetime\.now|datetime\.datetime\.utcnow|` +
    String.raw`func\.now\(\)|lambda:\s*datetime\.now\([^)]*\)|utcnow|_utcnow|utc_now|now_utc)\s*(?=[,)]|$)`,
);

/**
 * The default the project's models give their moment columns (`default=datetime.utcnow`), when
 * they all agree on one: a NOT NULL moment column nothing sets on create takes the codebase's own
 * "now" (`registered_at` beside `created_at = …default=datetime.utcnow`). Null when no model
 * column has one, they disagree, or the column's own file lacks the name it needs.
 */
export async function projectMomentDefault(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  model: string,
  column: string,
): Promise<{ file: string; source: string } | null> {
  const found = await python.classNamed(model);
  if (!found) return null;
  const defaults = new Set<string>();
  let keyword = 'default';
  // Where each name the default needs (`datetime`, `timezone`) is imported from, in a file that uses it.
  const origins = new Map<string, string>();
  const modules = await python.modules();
  for (const [file, module] of modules) {
    if (module.classes.length === 0) continue;
    const text = (await tree.read(file)) ?? '';
    if (!/mapped_column|Column\(/.test(text)) continue;
    for (const line of logicalLines(splitSource(text).lines)) {
      const declared = MOMENT_DEFAULT.exec(line);
      const now = declared ? NOW.exec(declared[2]!) : null;
      if (!declared || !now || !isMomentType(declared[1] ?? /^\s*([A-Z]\w*)/.exec(declared[2]!)?.[1] ?? null)) continue;
      defaults.add(now[1]!);
      if (/server_default/.test(now[0])) keyword = 'server_default';
      for (const imp of module.imports)
        for (const n of imp.names)
          if (imp.kind === 'from' && imp.module && imp.level === 0 && !n.asname) origins.set(n.name, imp.module);
    }
  }
  if (defaults.size !== 1) return null;
  const now = [...defaults][0]!;
  const source = await tree.read(found.file);
  if (source === null) return null;
  // Every free name of the default (`datetime`, and `timezone` in `lambda: datetime.now(timezone.utc)`)
  // is bound in the model's file, or imported there from where the declaring file has it.
  const missing: { name: string; module: string }[] = [];
  for (const name of new Set(
    [...now.replace(/^lambda:\s*/, '').matchAll(/(?<![\w.])([A-Za-z_]\w*)/g)].map((m) => m[1]!),
  )) {
    if (bound(source, name)) continue;
    const module = origins.get(name);
    if (!module) return null;
    missing.push({ name, module });
  }
  const { lines, join } = splitSource(source);
  for (let i = found.cls.line; i < found.cls.endLine; i++) {
    const line = lines[i]!;
    if (!new RegExp(`^\\s+${column}\\s*[:=]`).test(line) || /default\s*=/.test(line)) continue;
    const close = line.lastIndexOf(')');
    if (close < 0 || !/(?:mapped_column|Column)\(/.test(line)) return null;
    const inside = line.slice(0, close).replace(/\s*$/, '');
    lines[i] = `${inside}${inside.endsWith('(') ? '' : ', '}${keyword}=${now}${line.slice(close)}`;
    let edited = join(lines);
    const summary = modules.get(found.file);
    for (const { name, module } of missing) {
      if (!summary) return null;
      edited = addFromImport(edited, summary, module, name);
    }
    return { file: found.file, source: edited };
  }
  return null;
}

// Whether the module binds `name` at its top (an import, a def, an assignment).
function bound(source: string, name: string): boolean {
  return new RegExp(
    `^\\s*(?:from\\s+\\S+\\s+import\\s+[^\\n]*\\b${name}\\b|import\\s+${name}\\b|def\\s+${name}\\b|${name}\\s*=)`,
    'm',
  ).test(source);
}

// The lines with a declaration split over several (`mapped_column(\n    DateTime, …\n)`) joined into one.
function logicalLines(lines: readonly string[]): string[] {
  const out: string[] = [];
  let pending = '';
  let depth = 0;
  for (const line of lines) {
    pending = pending ? `${pending} ${line.trim()}` : line;
    for (const ch of maskStrings(line)) depth += '([{'.includes(ch) ? 1 : ')]}'.includes(ch) ? -1 : 0;
    if (depth <= 0) {
      out.push(pending);
      pending = '';
      depth = 0;
    }
  }
  if (pending) out.push(pending);
  return out;
}
