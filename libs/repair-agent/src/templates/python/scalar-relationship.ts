import type { PythonProject } from '../../python/python-project.js';
import { splitSource } from '../../python/python-edits.js';
import type { SourceTree } from '../../source/source-tree.js';
import { statementEnd } from './expression-text.js';

// A collection annotation: `Mapped[list["X"]]`, `List[X]`, `set[X]`, a mapped dict or sequence.
const COLLECTION = /\b(?:list|List|set|Set|frozenset|dict|Dict|Sequence|Collection|Iterable)\s*\[/;

/**
 * The class a model's relationship attribute points at, when it holds one object (many-to-one or
 * one-to-one): `rel: Mapped["Target"] = relationship(...)`, `Mapped[Target | None]`,
 * `rel = relationship("Target", ...)`. A collection (`Mapped[list[...]]`, `uselist=True`) or a
 * relationship whose side cannot be told (no annotation, no `uselist`, no foreign key from the owner
 * to the target's table) → null.
 */
export async function scalarRelationshipTarget(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  owner: string,
  attribute: string,
): Promise<string | null> {
  const found = await python.classNamed(owner);
  if (!found) return null;
  const { lines } = splitSource((await tree.read(found.file)) ?? '');
  const declaration = new RegExp(`^\\s+${attribute}\\s*(?::(.*?))?=\\s*relationship\\(`);
  for (let i = found.cls.line; i < found.cls.endLine; i++) {
    const match = declaration.exec(lines[i] ?? '');
    if (!match) continue;
    const text = lines.slice(i, statementEnd(lines, i + 1)).join(' ');
    const args = text.slice(text.indexOf('relationship(') + 'relationship('.length);
    const annotation = /Mapped\[(.*)\]/.exec(match[1] ?? '')?.[1];
    const uselist = /\buselist\s*=\s*(True|False)\b/.exec(args)?.[1];
    if (uselist === 'True' || (annotation !== undefined && COLLECTION.test(annotation))) return null;
    const named = /^\s*(?:["']([\w.]+)["']|([A-Z]\w*)\s*[,)])/.exec(args);
    const typed = annotation
      ?.replace(/["']/g, '')
      .replace(/^Optional\[(.*)\]$/, '$1')
      .replace(/\s*\|\s*None\b|\bNone\s*\|\s*/g, '')
      .trim();
    const target = (named?.[1] ?? named?.[2] ?? (typed && /^[\w.]+$/.test(typed) ? typed : undefined))
      ?.split('.')
      .at(-1);
    if (!target || !(await python.classNamed(target))) return null;
    if (annotation !== undefined || uselist === 'False') return target;
    // Untyped: SQLAlchemy makes it many-to-one when the owner holds the foreign key to the target.
    return (await holdsForeignKeyTo(python, tree, lines.slice(found.cls.line, found.cls.endLine), target))
      ? target
      : null;
  }
  return null;
}

async function holdsForeignKeyTo(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  ownerBody: readonly string[],
  target: string,
): Promise<boolean> {
  const found = await python.classNamed(target);
  if (!found) return false;
  const { lines } = splitSource((await tree.read(found.file)) ?? '');
  const table = lines
    .slice(found.cls.line, found.cls.endLine)
    .map((l) => /^\s+__tablename__\s*(?::[^=]+)?=\s*["'](\w+)["']/.exec(l)?.[1])
    .find(Boolean);
  return table !== undefined && ownerBody.some((l) => new RegExp(`ForeignKey\\(\\s*["']${table}\\.`).test(l));
}
