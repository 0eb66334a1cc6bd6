import type { PythonProject } from '../../python/python-project.js';
import { splitSource } from '../../python/python-edits.js';
import type { SourceTree } from '../../source/source-tree.js';

/** One column of a SQLAlchemy model, as its declaration line says. */
export interface ModelColumn {
  readonly name: string;
  /** The Python type (`datetime`, `int`, `Decimal`) or, failing that, the SQL type (`DateTime`). */
  readonly type: string | null;
  /** NOT NULL with no `default=`/`server_default=` and not the primary key: the insert must set it. */
  readonly required: boolean;
}

// `name: Mapped[T] = mapped_column(...)`, `name: Mapped[T]` alone, or `name = Column(...)`.
const DECLARATION = /^\s+(\w+)\s*(?::\s*Mapped\[(.+?)\])?\s*(?:=\s*(mapped_column|Column)\((.*))?$/;

/**
 * The columns of a project model class, read from its declaration lines (one line each, as
 * generated models are written); relationships are left out. Unknown class → [].
 */
export async function modelColumns(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  model: string,
): Promise<ModelColumn[]> {
  const found = await python.classNamed(model);
  if (!found) return [];
  const { lines } = splitSource((await tree.read(found.file)) ?? '');
  const out: ModelColumn[] = [];
  for (const text of lines.slice(found.cls.line, found.cls.endLine)) {
    const match = DECLARATION.exec(text);
    if (!match || (!match[2] && !match[3]) || /relationship\(/.test(text)) continue;
    const [, name, mapped, kind, args = ''] = match;
    if (mapped === undefined && kind === undefined) continue;
    const optional = mapped !== undefined && /\bNone\b|Optional\[/.test(mapped);
    const nullable = /\bnullable\s*=\s*(\w+)/.exec(args)?.[1];
    const notNull = nullable === 'False' || (nullable === undefined && mapped !== undefined && !optional);
    const defaulted = /\b(?:server_)?default\s*=|\bprimary_key\s*=\s*True|\bautoincrement\s*=\s*True/.test(args);
    const sqlType = /^\s*([A-Z]\w*)/.exec(args)?.[1] ?? null;
    const type =
      mapped !== undefined
        ? mapped
            .replace(/\s*\|\s*None|Optional\[|\]/g, '')
            .replace(/^.*\./, '')
            .trim()
        : sqlType;
    out.push({ name: name!, type, required: notNull && !defaulted });
  }
  return out;
}

/** Whether a column's type is a moment in time (`datetime`, `date`, `DateTime`, `Date`). */
export function isMomentType(type: string | null): boolean {
  return type !== null && /^(?:datetime|date|DateTime|Date|TIMESTAMP|Timestamp)$/.test(type);
}
