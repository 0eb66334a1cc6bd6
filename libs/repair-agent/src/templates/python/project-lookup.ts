import { splitSource } from '../../python/python-edits.js';
import { isTestFile } from '../../python/python-project.js';
import type { TemplateContext } from '../template.js';
import type { NoneSite } from './none-sites.js';

/**
 * The project's own lookup-or-404 helper for the model a failed lookup reads (`def
 * get_fibre_or_404(db, fibre_id)`: `db.get(Fibre, fibre_id)`, a 404 raised when it is None, the
 * row returned), as the call that replaces the lookup (`get_fibre_or_404(db, fibre_id)`), with the
 * lookup's own session and the request's id; null when the project has none, or several, or the
 * lookup names no session and id to hand it. A lookup by the wrong column (`Fibre.code ==
 * fibre_id`) reads the row by its key this way too.
 */
export async function projectLookupCall(
  { python, tree }: Pick<TemplateContext, 'python' | 'tree'>,
  site: NoneSite,
  handlerParams: readonly string[],
): Promise<{ name: string; module: string; file: string; call: string } | null> {
  const model = /\b(?:get|query|select)\(\s*([A-Z]\w*)/.exec(site.lookup.rhs)?.[1];
  const session = /\b([a-z_]\w*)\.(?:get|scalar|scalars|execute|query)\(/.exec(site.lookup.rhs)?.[1];
  const id = handlerParams.find((p) => /(?:^|_)id$/.test(p) && new RegExp(`\\b${p}\\b`).test(site.lookup.rhs));
  if (!model || !session || !id) return null;
  const found: { name: string; module: string; file: string }[] = [];
  for (const [file, module] of await python.modules()) {
    if (isTestFile(file)) continue;
    const { lines } = splitSource((await tree.read(file)) ?? '');
    for (const fn of module.functions) {
      if (fn.params.length !== 2 || fn.qualname.includes('.')) continue;
      const [db, key] = fn.params as [string, string];
      const body = lines.slice(fn.bodyLine - 1, fn.endLine).join('\n');
      const reads = new RegExp(`\\b${db}\\.get\\(\\s*${model}\\s*,\\s*${key}\\s*\\)`).test(body);
      if (reads && /raise\s+\w*(?:HTTPException\([^)]*404|NotFound)/.test(body) && /^\s*return\s+\w+/m.test(body))
        found.push({ name: fn.name, module: await python.moduleName(file), file });
    }
  }
  if (found.length !== 1) return null;
  return { ...found[0]!, call: `${found[0]!.name}(${session}, ${id})` };
}
