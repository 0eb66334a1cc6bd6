import type { ParsedModule } from '../../python/module-summary.js';
import { moduleNameOf, importSpecifier } from '../../python/module-names.js';
import { addFromImport, splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';

// A column that records when its own row was made.
const CREATION = /^(?:created|creation|inserted|added)(?:_(?:at|on|date|time|ts))?$|^date_(?:created|added)$/;
const NOW_DATETIME = /^\s*return\s+(?:datetime\.)?datetime\.(?:now|utcnow)\([^)]*\)(?:\.replace\([^)]*\))?\s*(?:#.*)?$/;
const NOW_DATE = /^\s*return\s+(?:datetime\.)?date\.today\(\)\s*(?:#.*)?$/;

/**
 * The project's own "now" for a column that records its row's creation (`created_at`): the one
 * module-level function without parameters whose whole body returns the current moment of the
 * column's kind (`def now_local() -> datetime: return datetime.now().replace(microsecond=0)`).
 * Returns the call to write and the file's source with the import it needs; null when the column
 * names no creation, or the project has no such function or several.
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
  if (found.length !== 1) return null;
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
