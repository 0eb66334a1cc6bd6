import { splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import { stems } from './field-meaning.js';
import { isMomentType, modelColumns, type ModelColumn } from './model-columns.js';

/** Whether an identifier names a moment (`subscriber_since`, `signed_up_on`, `created_at`, `start_date`). */
function isMomentName(name: string): boolean {
  return stems(name).includes('@moment');
}

/**
 * For a missing attribute that names a moment (`subscriber_since`) on a model class (or a pydantic
 * schema, `administered_on` on `VaccinationCreate`): its columns (fields) typed date/datetime, or null when the owner
 * is no model with typed columns or has none such. The one such column is what the code means (`(date.today() -
 * account.subscriber_since).days` can only read a date); a
 * member spelt closely but typed otherwise (`subscription_plan`) cannot be it.
 */
export async function momentColumns(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  owner: string,
  attribute: string,
): Promise<string[] | null> {
  if (!isMomentName(attribute)) return null;
  const columns = await modelColumns(python, tree, owner);
  // A request or response schema (`opened_on: date = Field(...)`) has typed fields, not columns.
  if (columns.length === 0) columns.push(...(await annotatedFields(python, tree, owner)));
  // A column of unknown type could be a moment itself: then the one typed moment is not the only one.
  if (columns.length === 0 || columns.some((c) => c.type === null && isMomentName(c.name))) return null;
  const moments = columns.filter((c) => isMomentType(c.type)).map((c) => c.name);
  // No date column at all: the model keeps its moments otherwise (strings), the type says nothing.
  return moments.length > 0 ? moments : null;
}

/**
 * The moment column a moment name means: the only one, or among several the one whose words are
 * the name's up to their moment word and number (`start_time` → `starts_at` beside `ends_at`).
 */
export function meantMoment(name: string, moments: readonly string[]): string | undefined {
  if (moments.length === 1) return moments[0];
  const key = (n: string) => stems(n).sort().join('_');
  // A day (`start_date`, `opened_on`) is not an instant (`starts_at`): a date compared with a
  // datetime column matches no row, and the answer is an empty 200.
  const day = (n: string) => /(^|_)(date|on|day)$/i.test(n);
  const same = moments.filter((m) => key(m) === key(name) && day(m) === day(name));
  return same.length === 1 ? same[0] : undefined;
}

/**
 * Whether `replacement` could be what the moment name `name` means although typed otherwise: it
 * shares a content word with it (`date_of_birth` → `birth_date`, stored as text). Without one
 * (`subscriber_since` → `subscription_plan`), a column that is no date cannot be it.
 */
export function fitsMoment(name: string, replacement: string, moments: readonly string[] | null): boolean {
  if (!moments || moments.includes(replacement)) return true;
  const own = stems(name).filter((w) => w !== '@moment' && w.length >= 3);
  return stems(replacement).some((w) => own.includes(w));
}

// The annotated fields of a class body (`given_on: date = Field(...)`, `note: str | None = None`),
// typed as written with `None` and `Optional` taken off; class variables and config left out.
async function annotatedFields(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  owner: string,
): Promise<ModelColumn[]> {
  const found = await python.classNamed(owner);
  if (!found) return [];
  const { lines } = splitSource((await tree.read(found.file)) ?? '');
  const out: ModelColumn[] = [];
  for (const text of lines.slice(found.cls.line, found.cls.endLine)) {
    const field = /^\s+(\w+)\s*:\s*([^=]+?)\s*(?:=.*)?$/.exec(text);
    if (!field || field[1] === 'model_config' || /ClassVar/.test(field[2]!)) continue;
    const type = field[2]!
      .replace(/\s*\|\s*None|None\s*\|\s*|Optional\[|\]/g, '')
      .replace(/^.*\./, '')
      .trim();
    out.push({ name: field[1]!, type, required: false });
  }
  return out;
}
