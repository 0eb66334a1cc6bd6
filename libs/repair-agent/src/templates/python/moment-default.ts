import { splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import { isMomentType } from './model-columns.js';

// `created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.utcnow, nullable=False)`
const MOMENT_DEFAULT = /^\s+\w+\s*(?::\s*Mapped\[(?:Optional\[)?(\w+)[^\]]*\]\]?)?\s*=\s*(?:mapped_column|Column)\((.*)\)\s*$/;
// What "now" is written as: a callable the ORM calls per insert (never a value computed once).
const NOW = /\b(?:server_)?default\s*=\s*(datetime\.utcnow|datetime\.now|datetime\.datetime\.utcnow|func\.now\(\)|lambda:\s*datetime\.now\([^)]*\)|utcnow|_utcnow|utc_now|now_utc)\s*(?=[,)]|$)/;

/**
 * The default the project's models give their moment columns (`default=datetime.utcnow`), when
 * they all agree on one: a NOT NULL moment column nothing sets on create takes the codebase's own
 * "now" (`registered_at` beside `created_at = …default=datetime.utcnow`). Null when no model
 * column has one, they disagree, or the column's own file lacks the name it needs.
 */
export async function projectMomentDefault(python: PythonProject, tree: Pick<SourceTree, 'read'>, model: string, column: string): Promise<{ file: string; source: string } | null> {
  const found = await python.classNamed(model);
  if (!found) return null;
  const defaults = new Set<string>();
  let keyword = 'default';
  for (const [file, module] of await python.modules()) {
    if (module.classes.length === 0) continue;
    const text = (await tree.read(file)) ?? '';
    if (!/mapped_column|Column\(/.test(text)) continue;
    for (const line of splitSource(text).lines) {
      const declared = MOMENT_DEFAULT.exec(line);
      const now = declared ? NOW.exec(declared[2]!) : null;
      if (!declared || !now || !isMomentType(declared[1] ?? /^\s*([A-Z]\w*)/.exec(declared[2]!)?.[1] ?? null)) continue;
      defaults.add(now[1]!);
      if (/server_default/.test(now[0])) keyword = 'server_default';
    }
  }
  if (defaults.size !== 1) return null;
  const now = [...defaults][0]!;
  const source = await tree.read(found.file);
  if (source === null) return null;
  const root = /^(\w+)/.exec(now.replace(/^lambda:\s*/, ''))![1]!;
  if (!new RegExp(`^\\s*(?:from\\s+\\S+\\s+import\\s+[^\\n]*\\b${root}\\b|import\\s+${root}\\b|def\\s+${root}\\b|${root}\\s*=)`, 'm').test(source)) return null;
  const { lines, join } = splitSource(source);
  for (let i = found.cls.line; i < found.cls.endLine; i++) {
    const line = lines[i]!;
    if (!new RegExp(`^\\s+${column}\\s*[:=]`).test(line) || /default\s*=/.test(line)) continue;
    const close = line.lastIndexOf(')');
    if (close < 0 || !/(?:mapped_column|Column)\(/.test(line)) return null;
    const inside = line.slice(0, close).replace(/\s*$/, '');
    lines[i] = `${inside}${inside.endsWith('(') ? '' : ', '}${keyword}=${now}${line.slice(close)}`;
    return { file: found.file, source: join(lines) };
  }
  return null;
}
