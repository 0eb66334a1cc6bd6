import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import { classBodyLines } from './class-body-lines.js';

/** Whether a value is a day or a moment. */
export type MomentKind = 'date' | 'datetime';

/**
 * What the project's classes declare a field named `name` to be — a `date` or a `datetime` — from
 * every class-body declaration of that name (`made_on: date`, `made_on: Mapped[date] = …`,
 * `made_on = Column(Date)`). Null when nothing declares it, or the declarations disagree (one name,
 * two meanings across models): no guess.
 */
export async function declaredMoment(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  name: string,
): Promise<MomentKind | null> {
  const kinds = new Set<MomentKind | 'other'>();
  const annotated = new RegExp(`^\\s+${name}\\s*:\\s*([^=#]+?)\\s*(?:=\\s*(.*))?$`);
  const assigned = new RegExp(`^\\s+${name}\\s*=\\s*(?:Column|mapped_column)\\(\\s*(?:sa\\.|db\\.)?(\\w+)`);
  for await (const { text } of classBodyLines(python, tree, name)) {
    const annotation = annotated.exec(text)?.[1];
    const column = annotation === undefined ? assigned.exec(text)?.[1] : undefined;
    if (annotation !== undefined) kinds.add(kindOf(annotation));
    else if (column !== undefined) kinds.add(kindOf(column));
  }
  if (kinds.size !== 1) return null;
  const [kind] = kinds;
  return kind === 'other' ? null : kind!;
}

function kindOf(type: string): MomentKind | 'other' {
  const bare = type
    .replace(/^Mapped\[(.*)\]$/, '$1')
    .replace(/^Optional\[(.*)\]$/, '$1')
    .replace(/\s*\|\s*None$|^None\s*\|\s*/, '')
    .replace(/^[\w.]*\./, '')
    .trim();
  if (bare === 'datetime' || bare === 'DateTime') return 'datetime';
  if (bare === 'date' || bare === 'Date') return 'date';
  return 'other';
}

/**
 * Whether the project stores a field named `name` as a naive `DateTime` column (`mapped_column(DateTime)`,
 * `Column(DateTime)`, no `timezone=True`): read back from the database it carries no offset. False
 * when a class declares it otherwise (aware, or not a column). `owner`: that class's field only.
 */
export async function storedNaiveDatetime(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  name: string,
  owner?: string,
): Promise<boolean> {
  const declaration = new RegExp(`^\\s+${name}\\s*(?::[^=]*)?=\\s*(?:sa\\.|db\\.)?(?:Column|mapped_column)\\((.*)$`);
  let naive = 0;
  for await (const { text } of classBodyLines(python, tree, name, owner)) {
    const args = declaration.exec(text)?.[1];
    if (args === undefined) continue;
    if (!/^\s*(?:sa\.|db\.)?DateTime\b/.test(args) || /timezone\s*=\s*True/.test(args)) return false;
    naive++;
  }
  return naive > 0;
}
