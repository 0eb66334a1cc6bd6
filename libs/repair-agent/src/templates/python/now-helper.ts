import type { ParsedModule } from '../../python/module-summary.js';
import { importAliases, importSpecifier, moduleNameOf } from '../../python/module-names.js';
import { addFromImport, splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';

// A column that records when its own row was made, or the request that made it was (`requested_at`).
const CREATION = new RegExp(
  String.raw`^(?:created|creation|inserted|added|requested|submitted|placed|received|ordered|booked|` +
    String.raw`registered|recorded|logged|filed|issued)(?:_(?:at|on|date|time|ts))?$|^date_(?:created|added)$`,
);
// How app code writes the current moment: the expression, and the names of `datetime` it needs.
const NOW_WRITTEN: readonly { expr: RegExp; call: string; names: readonly string[] }[] = [
  {
    expr: /\bdatetime\.now\(\s*timezone\.utc\s*\)/g,
    call: 'datetime.now(timezone.utc)',
    names: ['datetime', 'timezone'],
  },
  { expr: /\bdatetime\.now\(\s*UTC\s*\)/g, call: 'datetime.now(UTC)', names: ['datetime', 'UTC'] },
  { expr: /\bdatetime\.utcnow\(\s*\)/g, call: 'datetime.utcnow()', names: ['datetime'] },
  { expr: /\bdatetime\.now\(\s*\)/g, call: 'datetime.now()', names: ['datetime'] },
];
const NOW_DATETIME = /^\s*return\s+(?:datetime\.)?datetime\.(?:now|utcnow)\([^)]*\)(?:\.replace\([^)]*\))?\s*(?:#.*)?$/;
const NOW_DATE = /^\s*return\s+(?:datetime\.)?date\.today\(\)\s*(?:#.*)?$/;

/**
 * The project's own "now" for a column that records its row's creation (`created_at`) or its
 * request's (`requested_at`): the one module-level function without parameters whose whole body
 * returns the current moment of the column's kind (`def now_local() -> datetime: return
 * datetime.now().replace(microsecond=0)`); with none, "now" as the app's own code writes it most
 * (`datetime.now(timezone.utc)`, `datetime.utcnow()`, …; `date.today()` for a date). Returns the
 * call to write and the file's source with the import it needs; null when the column names no
 * creation, the project has several such functions, or the file binds a needed name otherwise.
 */
export async function creationNow(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  column: string,
  wantDate: boolean,
  file: string,
): Promise<{ call: string; withImport: (source: string) => string } | null> {
  if (!CREATION.test(column)) return null;
  const found: { file: string; name: string }[] = [];
  const modules = await python.modules();
  for (const [path, module] of modules) {
    const lines = splitSource((await tree.read(path)) ?? '').lines;
    for (const fn of module.functions) {
      if (fn.qualname !== fn.name || fn.params.length > 0) continue;
      const body = lines
        .slice(fn.bodyLine - 1, fn.endLine)
        .filter((l) => l.trim() !== '' && !/^\s*#/.test(l) && !/^\s*("""|''')/.test(l));
      if (body.length === 1 && (wantDate ? NOW_DATE : NOW_DATETIME).test(body[0]!))
        found.push({ file: path, name: fn.name });
    }
  }
  if (found.length > 1) return null;
  if (found.length === 0)
    return wantDate ? written(python, file, 'date.today()', ['date']) : conventionNow(python, tree, file);
  const helper = found[0]!;
  const own = modules.get(file);
  return {
    call: `${helper.name}()`,
    withImport: (source) =>
      helper.file === file || !own
        ? source
        : addFromImport(
            source,
            own as ParsedModule,
            importSpecifier(file, own as ParsedModule, moduleNameOf(helper.file)),
            helper.name,
          ),
  };
}

// The way the app's own code (tests and seeds aside) most often writes "now", for a file that may need its names.
async function conventionNow(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  file: string,
): Promise<{ call: string; withImport: (source: string) => string } | null> {
  const counts = NOW_WRITTEN.map(() => 0);
  for (const path of (await python.modules()).keys()) {
    if (/(^|\/)(tests?|seeds?)(\/|\.py$)|(^|\/)(test_|conftest)[^/]*$|seed[^/]*\.py$/.test(path)) continue;
    const text = (await tree.read(path)) ?? '';
    NOW_WRITTEN.forEach((w, i) => (counts[i]! += [...text.matchAll(w.expr)].length));
  }
  const best = counts.indexOf(Math.max(...counts));
  // No "now" anywhere: the naive local moment, as SQLite's DateTime stores it.
  const pick = counts[best]! > 0 ? NOW_WRITTEN[best]! : NOW_WRITTEN.at(-1)!;
  return written(python, file, pick.call, pick.names);
}

// The call, with `from datetime import …` for the names the file does not bind; null when one is bound otherwise.
async function written(
  python: PythonProject,
  file: string,
  call: string,
  names: readonly string[],
): Promise<{ call: string; withImport: (source: string) => string } | null> {
  const own = (await python.modules()).get(file);
  if (!own) return null;
  const bound = importAliases(file, own);
  if (names.some((n) => bound.has(n) && bound.get(n) !== `datetime.${n}`)) return null;
  const missing = names.filter((n) => !bound.has(n));
  return {
    call,
    // One name list: the summary's line numbers hold for one edit only.
    withImport: (source) =>
      missing.length === 0 ? source : addFromImport(source, own as ParsedModule, 'datetime', missing.join(', ')),
  };
}
